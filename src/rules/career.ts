// What an annual grade leads to across years (issue 14, 二(二)8(2) and 二(二)4(1)): 连续考核末位
// (建议换岗) and who may stand for 窗口负责人 or 首席代表. Pure: graded clerks of several years
// (and the roster's certificates) in, findings and lists out, each with its evidence.
import { yearEnd } from '../calendar.js';
import { GRADE_LABEL, GRADE_ORDER, hasClerkCertificate, SKILL_GRADE_LABEL, type Clerk, type Grade, type SkillGrade } from '../domain.js';
import { makeIssue, type Issue, type PlaceData } from '../issues/catalogue.js';
import type { AnnualResult } from './annual.js';
import type { PolicyView } from './policy-view.js';
import { rosterLookup, type Findable } from './identity.js';
import type { HistoryRow } from '../schema/history.js';

const rank = (g: Grade) => GRADE_ORDER.indexOf(g);

/** One clerk's grade in one year, from this run's ratings or an earlier year's output. */
export interface YearGrade {
  staffId: string;
  employeeNo?: string;
  name: string;
  center?: string;
  year: number;
  grade: Grade | 'pending';
  /** Where it comes from: 本次月度考核, or the history workbook's name. */
  source: string;
}

/** A clerk's place in their centre's year: the position of their grade and how many share it. */
export interface Place extends PlaceData {
  /** 1 = best; clerks with the same grade share a position (the last place is `of - tied + 1`). */
  position: number;
}

/** More than `share` of the centre tied (or all of it): a tie, not a 末位 (integer arithmetic, as the quota). */
export function tooManyTied(tied: number, of: number, share: number): boolean {
  return tied === of || tied * 10_000 > Math.round(share * 10_000) * of;
}

/**
 * 末位 of one year: per centre, the clerks with the lowest grade, when at least two were graded
 * (a ranking needs two) and that grade is no better than `maxGrade`. 待定 is not graded. Each
 * place says whether more than `tieShare` of the centre share it (annual.last_place_tie_share).
 */
export function lastPlaces(grades: readonly YearGrade[], maxGrade: Grade, tieShare = 1): Map<string, Place> {
  const byCenter = new Map<string, Array<YearGrade & { grade: Grade }>>();
  for (const g of grades) {
    if (g.grade === 'pending' || g.center === undefined) continue;
    let list = byCenter.get(g.center);
    if (!list) byCenter.set(g.center, (list = []));
    list.push(g as YearGrade & { grade: Grade });
  }
  const out = new Map<string, Place>();
  for (const [center, list] of byCenter) {
    if (list.length < 2) continue;
    const lowest = list.reduce((lo, g) => (rank(g.grade) < rank(lo) ? g.grade : lo), list[0]!.grade);
    if (rank(lowest) > rank(maxGrade)) continue;
    const last = list.filter((g) => g.grade === lowest);
    const position = list.length - last.length + 1;
    const tied = tooManyTied(last.length, list.length, tieShare);
    for (const g of last) out.set(g.staffId, { year: g.year, center, grade: lowest, position, of: list.length, tied: last.length, tooManyTied: tied });
  }
  return out;
}

export interface LastPlaceFinding {
  staffId: string;
  employeeNo?: string;
  name: string;
  center?: string;
  /** Each year's place, the report year last. */
  places: Array<Place & { source: string }>;
  /** 换岗 recommended, or (too many tied in some year) listed for a person to decide. */
  decision: 'rotate' | 'review';
  clause: string;
}

/**
 * 连续考核末位: clerks who were 末位 in each of the `years` years up to `year` (policy
 * annual.last_place), each with the years' places as evidence. Where some year's 末位 was a tie
 * of more than annual.last_place_tie_share of the centre (or all of it), the clerk is listed
 * for a person to decide (LAST_PLACE_TIED), not recommended 换岗.
 */
export function consecutiveLastPlace(byYear: ReadonlyMap<number, readonly YearGrade[]>, year: number, policy: PolicyView): { findings: LastPlaceFinding[]; issues: Issue[] } {
  const p = policy.at('annual.last_place', yearEnd(year));
  const share = policy.at('annual.last_place_tie_share', yearEnd(year));
  const span = Array.from({ length: p.value.years }, (_, i) => year - p.value.years + 1 + i);
  const places = new Map(span.map((y) => [y, lastPlaces(byYear.get(y) ?? [], p.value.max_grade, share.value)]));
  const sourceOf = new Map(span.map((y) => [y, new Map((byYear.get(y) ?? []).map((g) => [g.staffId, g.source]))]));
  const findings: LastPlaceFinding[] = [];
  const issues: Issue[] = [];
  for (const g of byYear.get(year) ?? []) {
    const each = span.map((y) => places.get(y)!.get(g.staffId));
    if (each.some((x) => x === undefined)) continue;
    const decision = each.some((x) => x!.tooManyTied) ? 'review' : 'rotate';
    const f: LastPlaceFinding = {
      staffId: g.staffId,
      name: g.name,
      ...(g.employeeNo !== undefined ? { employeeNo: g.employeeNo } : {}),
      ...(g.center !== undefined ? { center: g.center } : {}),
      places: (each as Place[]).map((x) => ({ ...x, source: sourceOf.get(x.year)!.get(g.staffId)! })),
      decision,
      clause: decision === 'rotate' ? p.clause : share.clause,
    };
    findings.push(f);
    const at = { staffId: g.staffId, clause: f.clause, ...(g.center !== undefined ? { center: g.center } : {}) };
    const data = { name: g.name, years: span.length, places: f.places.map(placeData) };
    issues.push(decision === 'rotate' ? makeIssue('LAST_PLACE_CONSECUTIVE', at, data) : makeIssue('LAST_PLACE_TIED', at, { ...data, share: share.value }));
  }
  return { findings, issues };
}

/** A place as a finding carries it: only the facts its message is written from. */
export function placeData(x: PlaceData): PlaceData {
  return { year: x.year, center: x.center, grade: x.grade, of: x.of, tied: x.tied, tooManyTied: x.tooManyTied };
}

export interface LeadCandidate {
  staffId: string;
  name: string;
  center?: string;
  grade: Grade;
  cert: { grade: SkillGrade; date: string };
  clause: string;
  evidence: string;
}

/**
 * 二(二)4(1) 职业等级较高且表现优异者，可竞选为窗口负责人或首席代表: the clerks whose own clerk
 * certificate (held at the year's end) is at least annual.lead_candidate.min_skill_grade and
 * whose grade this year is its grade. A pending grade is not a grade: nobody is listed on one.
 */
export function leadCandidates(graded: readonly YearGrade[], roster: ReadonlyMap<string, Clerk>, year: number, policy: PolicyView): LeadCandidate[] {
  const p = policy.at('annual.lead_candidate', yearEnd(year));
  const out: LeadCandidate[] = [];
  for (const g of graded) {
    if (g.year !== year || g.grade === 'pending' || g.grade !== p.value.grade) continue;
    const clerk = roster.get(g.staffId);
    if (!clerk?.cert || !hasClerkCertificate(clerk, yearEnd(year)) || clerk.cert.grade > p.value.min_skill_grade) continue;
    out.push({
      staffId: g.staffId,
      name: g.name,
      ...(g.center !== undefined ? { center: g.center } : {}),
      grade: g.grade,
      cert: { grade: clerk.cert.grade, date: clerk.cert.date },
      clause: p.clause,
      evidence: `办事员证书 ${SKILL_GRADE_LABEL[clerk.cert.grade]}（${clerk.cert.date} 取得，不低于${SKILL_GRADE_LABEL[p.value.min_skill_grade as SkillGrade]}），${year}年度考核${GRADE_LABEL[g.grade]}`,
    });
  }
  return out;
}

/**
 * The report year's results with 连续考核末位 in the facts: recommended 换岗 when the decision is
 * 'rotate'; when it is 'review' (too many tied) only the evidence, for a person to decide.
 */
export function withLastPlace(results: readonly AnnualResult[], findings: readonly LastPlaceFinding[]): AnnualResult[] {
  const found = new Map(findings.map((f) => [f.staffId, f]));
  return results.map((r) => {
    const f = found.get(r.staffId);
    if (!f) return r;
    const rotate = f.decision === 'rotate' && !r.recommendations.includes('换岗');
    return {
      ...r,
      recommendations: rotate ? [...r.recommendations, '换岗'] : r.recommendations,
      facts: { ...r.facts, lastPlace: { years: f.places.length, places: f.places.map(placeData), decision: f.decision, clause: f.clause } },
    };
  });
}

/** A graded clerk of this run as a year's grade. */
export function yearGradeOf(r: Pick<AnnualResult, 'staffId' | 'employeeNo' | 'name' | 'center' | 'grade'>, year: number, source: string): YearGrade {
  return { staffId: r.staffId, name: r.name, year, grade: r.grade, source, ...(r.employeeNo !== undefined ? { employeeNo: r.employeeNo } : {}), ...(r.center !== undefined ? { center: r.center } : {}) };
}

/**
 * Each year's grades for 连续考核末位: the report year's and earlier years' from this run's
 * ratings, then earlier annual workbooks (--history) for the clerks a year's ratings lack. A
 * workbook's row is the person the ratings call by its 工号, 身份证号 or 姓名 + 所属中心 (so that
 * years line up), else a person of its own, still ranked in that year's centre.
 */
export function gradesByYear(
  year: number,
  fromRatings: ReadonlyMap<number, ReadonlyArray<Pick<AnnualResult, 'staffId' | 'employeeNo' | 'name' | 'center' | 'grade'>>>,
  histories: ReadonlyArray<{ year: number; file: string; rows: readonly HistoryRow[] }>,
  people: ReadonlyArray<Findable & { staffId: string }>,
): Map<number, YearGrade[]> {
  const byYear = new Map<number, YearGrade[]>();
  for (const [y, results] of fromRatings) byYear.set(y, results.map((r) => yearGradeOf(r, y, '本次月度考核')));
  const find = rosterLookup(people);
  for (const h of histories) {
    if (h.year >= year) continue;
    const have = new Set((byYear.get(h.year) ?? []).map((g) => g.staffId));
    const fromFile = h.rows
      .map((r): YearGrade => ({
        staffId: find(r)?.staffId ?? r.employeeNo ?? r.idNumber ?? `${r.name}@${r.center ?? ''}`,
        name: r.name,
        year: h.year,
        grade: r.grade,
        source: h.file,
        ...(r.employeeNo !== undefined ? { employeeNo: r.employeeNo } : {}),
        ...(r.center !== undefined ? { center: r.center } : {}),
      }))
      .filter((g) => !have.has(g.staffId)); // a year in the ratings is graded from them
    byYear.set(h.year, [...(byYear.get(h.year) ?? []), ...fromFile]);
  }
  return byYear;
}
