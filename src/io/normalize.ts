// Text normalization shared by header matching and value dictionaries (docs/contract.md §3).

// Traditional → Simplified for the characters that occur in our column names and value
// vocabularies (headers, grades, education, levels, ratings). A full converter (OpenCC) is a
// large dependency for a closed vocabulary; anything outside it is matched as written.
const T2S: Record<string, string> = Object.fromEntries(
  [
    '號号', '碼码', '證证', '屬属', '層层', '級级', '學学', '歷历', '崗岗', '連连', '續续', '書书',
    '試试', '資资', '離离', '職职', '編编', '員员', '單单', '務务', '開开', '業业', '辦办', '發发',
    '結结', '稱称', '類类', '鎮镇', '綜综', '數数', '區区', '師师', '碩硕', '專专', '畢毕', '會会',
    '優优', '較较', '暫暂', '緩缓', '調调', '査查', '無无', '財财', '費费', '補补', '貼贴', '標标',
    '準准', '術术', '規规', '範范', '點点', '鄉乡', '園园', '實实', '體体', '歲岁', '齡龄', '該该',
    '時时', '間间', '從从', '與与', '為为', '後后', '門门', '問问', '題题', '屆届', '聯联', '網网',
    '讀读', '說说', '週周', '記记', '錄录', '鐘钟', '幣币', '額额', '獲获', '頒颁', '認认', '晉晋',
    '陞升', '複复', '覈核', '評评', '價价', '狀状', '態态', '備备', '註注', '廳厅', '戶户', '個个',
    '總总', '計计', '銜衔', '負负', '責责', '領领', '導导', '見见', '習习', '衛卫', '訊讯', '們们',
    '來来', '這这', '過过', '農农', '濟济', '當当', '適适', '並并', '厲厉', '違违', '紀纪', '處处',
    '據据', '參参',
  ].map((p) => [p[0]!, p[1]!]),
);

export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += T2S[ch] ?? ch;
  return out;
}

/** NFKC folds full-width letters, digits and brackets to half-width ("（" → "("). */
export function foldWidth(text: string): string {
  return text.normalize('NFKC');
}

/**
 * A header cell as a matching key: trimmed, half-width, no spaces or line breaks,
 * Simplified, without a trailing bracketed note ("基本工资（元）" → "基本工资") or the
 * required-field star that templates put in front ("*姓名").
 */
export function normalizeHeader(text: string): string {
  let s = toSimplified(foldWidth(text)).replace(/[\s\u200b\u3000]+/g, '');
  for (;;) {
    const next = s.replace(/(\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|<[^<>]*>)$/u, '');
    if (next === s) break;
    s = next;
  }
  return s.replace(/^[*※]+|[*※:]+$/g, '').toLowerCase();
}

/** A value as a dictionary key: half-width, Simplified, no spaces, lower case. */
export function normalizeToken(text: string): string {
  return toSimplified(foldWidth(text)).replace(/[\s\u200b\u3000]+/g, '').toLowerCase();
}

