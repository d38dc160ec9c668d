// CSV text to records: the simple-line fast path and csv-parse must give the same records as
// csv-parse alone, whatever the text and however it is cut into chunks.
import { writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { csvParseDelimiters, csvRecords, firstLineBreak, MAX_CSV_RECORD_CHARS, parseText, RecordTooLong, SimpleLines } from '../../src/io/csv.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

/**
 * What csv-parse alone makes of the whole text, with the options the reader uses: a line ends
 * at \r\n or \n alike unless the file's first line break is a bare \r.
 */
function reference(text: string, delimiter: string): string[][] {
  const rd = firstLineBreak(text.replace(/^\uFEFF/, ''));
  return parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
    ...(rd ? { record_delimiter: csvParseDelimiters(rd) } : {}),
  }) as string[][];
}

/** The records, or the code of the error that stopped the parse (an unclosed quote). */
async function outcome(make: () => string[][] | Promise<string[][]>): Promise<string[][] | string> {
  try {
    return await make();
  } catch (e) {
    return String((e as { code?: string }).code);
  }
}

async function* stream<T>(chunks: T[]): AsyncGenerator<T> {
  yield* chunks;
}

async function hybrid(chunks: Array<string | Buffer>, delimiter: string, batch?: number): Promise<string[][]> {
  const out: string[][] = [];
  for await (const records of parseText(stream(chunks), delimiter, batch)) {
    if (batch !== undefined) expect(records.length).toBeLessThanOrEqual(batch);
    out.push(...records);
  }
  return out;
}

/** Cuts a text at the given positions (sorted, deduplicated, inside the text). */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

describe('lines are split as csv-parse splits them', () => {
  it.each<[string, string]>([
    ['LF', 'a,b\nc,d\n'],
    ['CRLF', '工号,姓名\r\nE1,张三\r\n'],
    ['CR (old Mac)', 'a,b\rc,d\r'],
    ['CRLF header, LF rows', '工号,姓名\r\nE1,张三\nE2,李四\nE3,王五\n'],
    ['LF header, CRLF rows', '工号,姓名\nE1,张三\r\nE2,李四\r\n'],
    ['CRLF header, LF rows, a quoted line break', '工号,姓名\r\nE1,"张\n三"\nE2,李四\n'],
    ['no final line break', 'a,b\nc,d'],
    ['empty lines in the middle and at the end', 'a,b\n\nc\n\n'],
    ['only line breaks', '\n\n'],
    ['BOM', '\uFEFFa,b\n,\n'],
    ['a bare LF in a CRLF file ends a line too (rows are never merged)', 'a,b\r\nc,d\ne,f\r\n'],
    ['a lone CR in an LF file stays in its field', 'a,b\n\r\nc'],
    ['CR then CR LF', 'x\r\r\ny'],
    ['spaces are kept (cells trim later)', ' a , b \n'],
    ['every field quoted (some exporters)', '\uFEFF"工号","姓名"\r\n"E1","张三"\r\n"",""\r\n'],
    ['a delimiter inside quotes on the first line: csv-parse from the start', '"a,1",b\nc,d\n'],
    ['a line break inside quotes on the first line', '"a\nb",c\nd,e\n'],
    ['a quoted line break after simple lines', 'h1,h2\r\nx,y\r\n"多\r\n行",z\r\nu,v\r\n'],
    ['quoted fields, then one with a doubled quote', '"a","b"\n"c ""d""",e\n"f",g\n'],
    ['a stray quote inside a field (relax_quotes)', 'a,b\nc"d,e\nf,g\n'],
    ['a quoted field with spaces outside its quotes', '"a" ,b\n "c",d\n'],
    ['a quote right after a CR: the CR is the record delimiter', 'a\r"b"\rc'],
    ['a CR inside quotes in a CRLF file', '"a","b"\r\n"c\rd",e\r\n'],
    ['an empty file', ''],
  ])('%s', async (_name, text) => {
    expect(await hybrid([text], ',')).toEqual(reference(text, ','));
    // Every way of cutting it in two gives the same records.
    for (let i = 0; i <= text.length; i++) expect(await hybrid([text.slice(0, i), text.slice(i)], ',')).toEqual(reference(text, ','));
  });

  it('an unclosed quote: csv-parse reports it', async () => {
    expect(await outcome(() => hybrid(['a,b\n"c,d\n'], ','))).toBe('CSV_QUOTE_NOT_CLOSED');
  });

  it('random text and random chunks, with each delimiter', async () => {
    // Pieces rather than characters, so that wholly quoted fields come up often.
    const piece = fc.constantFrom('a', '张', ' ', ',', ';', '\t', '\r', '\n', '\r\n', '"', '""', '"b"', '"c,d"', '"e\nf"', '\uFEFF');
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 40 }).map((ps) => ps.join('')),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.constantFrom(',', ';', '\t'),
        fc.integer({ min: 1, max: 3 }),
        async (text, at, delimiter, batch) => {
          expect(await outcome(() => hybrid(cut(text, at), delimiter, batch))).toEqual(await outcome(() => reference(text, delimiter)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('UTF-8 bytes: decoded for the simple lines, handed on as bytes to csv-parse', async () => {
    const text = '工号,姓名\nE1,张三\nE2,"李,四"\nE3,王五\n';
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('E2');
    expect(await hybrid([bytes.subarray(0, at + 4), bytes.subarray(at + 4)], ',')).toEqual(reference(text, ','));
  });

  it('simple text: nothing is left for csv-parse', () => {
    const lines = new SimpleLines(',');
    const push = (text: string) => {
      lines.push(text);
      return lines.take(10);
    };
    expect(push('a,"b"\r\nc,')).toEqual([['a', 'b']]);
    expect(push('d\r')).toEqual([]);
    expect(push('\ne,f')).toEqual([['c', 'd']]);
    lines.end();
    expect(lines.take(10)).toEqual([['e', 'f']]);
    expect(lines.quoted).toBeUndefined();
    expect(lines.recordDelimiter).toBe('\r\n');
    expect(lines.count).toBe(3);
  });
});

describe('a record that never ends', () => {
  it('a line longer than the limit is left to csv-parse, which names the line an open quote starts on', async () => {
    const lines = new SimpleLines(',');
    lines.push('a,b\n');
    expect(lines.take(10)).toEqual([['a', 'b']]);
    const long = 'x'.repeat(MAX_CSV_RECORD_CHARS + 1);
    lines.push(long);
    expect(lines.take(10)).toEqual([]);
    expect(lines.quoted).toBe(long);
    const read = async () => {
      for await (const _ of parseText(stream([`a\nb\n"${long}\nc\n`]), ',')) void _;
    };
    await expect(read()).rejects.toThrow(RecordTooLong);
    await expect(read()).rejects.toMatchObject({ line: 3 });
  });
  it('an unclosed quote after simple lines: the line csv-parse stops on, counted from the file start', async () => {
    const path = tmp('unclosed.csv');
    writeFileSync(path, `工号,姓名\nE1,张三\nE2,"李四\n${'E3,王五\n'.repeat(MAX_CSV_RECORD_CHARS / 8 + 10)}`);
    const read = async () => {
      for await (const _ of csvRecords(path, 'utf-8', ',')) void _;
    };
    await expect(read()).rejects.toThrow(UserError);
    await expect(read()).rejects.toThrow(/第 3 行起有一条超长记录/);
  });
});

describe('from a file', () => {
  it('a quoted file larger than one read gives the same records as csv-parse', async () => {
    const rows: string[] = ['工号,姓名,备注'];
    for (let i = 1; i <= 60_000; i++) rows.push(i % 7 === 0 ? `E${i},"员工,${i}","说""明""\n第二行"` : `"E${i}","员工${i}",无`);
    const text = `${rows.join('\r\n')}\r\n`;
    const path = tmp('quoted.csv');
    writeFileSync(path, `\uFEFF${text}`);
    const got: string[][] = [];
    for await (const b of csvRecords(path, 'utf-8', ',')) got.push(...b);
    expect(got).toEqual(reference(text, ','));
    expect(got).toHaveLength(60_001);
  });
});
