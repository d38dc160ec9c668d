// 依据 of an annual grade in words, made from the facts gradeClerk returned (rules/annual.ts).
import { GRADE_LABEL } from '../domain.js';
import { notAllowedText, partialYearText } from '../issues/catalogue.js';
import type { AnnualResult, GradeReason } from '../rules/annual.js';
import { placesText } from '../issues/catalogue.js';

/** Why one of the four rules of 二(二)8(2) gave its grade. */
export function reasonText(why: GradeReason): string {
  switch (why.rule) {
    case 'consecutive_poor':
      return `连续${why.streak}个月为差`;
    case 'poor_in_year':
      return `一年内${why.poor}次为差`;
    case 'good_no_poor':
      return `好${why.good}次（不少于${why.min}次）且无差`;
    case 'literal_no_poor':
      return `无差但好只有${why.good}次（不足${why.min}次），按字面"差累计不超过${why.maxPoor}次"`;
    case 'few_poor':
      return `差${why.poor}次（不超过${why.maxPoor}次）`;
    case 'too_many_poor':
      return `差${why.poor}次`;
  }
}

export function gradeBasis(r: AnnualResult): string {
  const { clause, unknownMonths: k, best, worst, pendingClause, capped, certOverdue, lastPlace } = r.facts;
  const label = (g: keyof typeof GRADE_LABEL) => GRADE_LABEL[g];
  const c = r.counts;
  const tally = `好${c.good}次、一般${c.fair}次、差${c.poor}次${c.suspended ? `、暂停${c.suspended}次` : ''}`;
  const both = `按好计为${label(best.grade)}（${reasonText(best.why)}），按差计为${label(worst.grade)}（${reasonText(worst.why)}）`;
  let basis: string;
  if (r.grade === 'pending') {
    basis = `${tally}；${k}个月暂停或缺考核，${both}→ 待定，根据调查处理结果确定（${pendingClause}），${clause}`;
  } else if (k === 0) {
    basis = `${tally}：${reasonText(best.why)} → ${label(best.grade)}，${clause}`;
  } else if (best.grade === worst.grade) {
    basis = `${tally}；${k}个月暂停或缺考核，按好计、按差计都评为${label(best.grade)}（按好计：${reasonText(best.why)}；按差计：${reasonText(worst.why)}），${clause}`;
  } else {
    basis = `${tally}；${k}个月暂停或缺考核，${both}，${clause}`;
  }
  if (capped) basis += `；当年工作未满一年（${partialYearText(capped.because)}），原则上不得评为${notAllowedText(capped.to)} → ${label(capped.to)}，需人工复核`;
  if (certOverdue) basis += `；上岗超过 ${certOverdue.years} 年仍未取得办事员证书，建议换岗（${clause}、${certOverdue.clause}）`;
  if (lastPlace?.decision === 'rotate') basis += `；连续 ${lastPlace.years} 个年度考核末位（${placesText(lastPlace.places)}），建议换岗（${lastPlace.clause}）`;
  if (lastPlace?.decision === 'review') basis += `；连续 ${lastPlace.years} 个年度等次在本中心最低但并列过多（${placesText(lastPlace.places)}），是否换岗由人工确定（${lastPlace.clause}）`;
  return basis;
}
