import { describe, expect, it } from 'vitest';
import {
  type AnswerCheckContext,
  type ComplaintText,
  answerFingerprint,
  checkAnswer,
  contentTerms,
  DEFAULT_ANSWER_CHECK_RULES,
  keyTermsOf,
  normalizeForFingerprint,
} from '../../functions/core/complaints/answer-check.js';

// Realistic complaints and draft answers, written for these tests. Each case states the exact findings expected.

const QUEUE: ComplaintText = {
  kind: 'complaint',
  title: '不动产登记窗口排队三小时',
  content:
    '11月20日上午我到市政务服务中心不动产登记窗口办理房屋过户，只开了两个窗口，排队三个多小时，取号机显示的等候人数和实际不符，工作人员中途还离岗半小时。',
};
const LICENSE: ComplaintText = {
  kind: 'complaint',
  title: '营业执照变更被要求重复提交材料',
  content:
    '我公司办理营业执照法定代表人变更，网上已经上传了股东会决议和身份证复印件，到窗口又被要求重新提交纸质材料，前后跑了两次，材料清单和网上办事指南也不一致。',
};
const CARD: ComplaintText = {
  kind: 'complaint',
  title: '社保卡补办跑了三趟',
  content: '社保卡丢失后去补办，第一次说系统故障，第二次说照片不合格，第三次又说要本人到场，我母亲行动不便，跑了三趟还没办好。',
};
const FUND_PHONE: ComplaintText = {
  kind: 'consultation',
  title: '公积金提取电话无人接听',
  content: '想咨询住房公积金提取需要什么材料，公积金中心公布的咨询电话连续打了一周都无人接听。',
};
const WEEKEND: ComplaintText = {
  kind: 'suggestion',
  title: '建议增加周末延时服务',
  content: '上班族工作日没时间去大厅办理业务，建议政务服务大厅在周六上午开放，或者工作日延时到晚上七点。',
};
const MEDICAL: ComplaintText = {
  kind: 'complaint',
  title: '医保异地就医备案多收费用',
  content: '我在外地工作，办理医保异地就医备案时窗口收取了50元工本费，网上查询该业务是免费的，要求退还多收的费用。',
};
const ATTITUDE: ComplaintText = {
  kind: 'complaint',
  title: '户籍窗口工作人员态度恶劣',
  content: '12月2日在区公安分局户籍窗口办理孩子出生落户，工作人员态度恶劣，大声呵斥，还说材料不全让我回去等通知。',
};
const HOUSING_QUEUE: ComplaintText = {
  kind: 'complaint',
  title: '不动产登记取号排队时间太长',
  content: '不动产登记大厅取号后等了两个多小时才轮到我办理抵押登记，窗口开得太少，希望增加不动产登记窗口。',
};

const NO_HISTORY: AnswerCheckContext = { recentAnswerFingerprints: [] };
const codes = (complaint: ComplaintText, answer: string, context: AnswerCheckContext = NO_HISTORY) =>
  checkAnswer(complaint, answer, context).findings.map((f) => f.code);

describe('checkAnswer: good answers pass without findings', () => {
  it('passes a complaint answer that explains the facts, names the measures and a date (不动产 queue)', () => {
    // Prepare
    const answer =
      '王先生：您好！您反映的问题已收悉。经核实，11月20日上午因两名窗口人员参加业务培训，不动产登记窗口仅开放两个，造成排队时间过长；取号机等候人数未剔除已过号人数，显示与实际不符；窗口人员中途离岗属实。我中心已对离岗人员进行批评教育并通报，已增设两个不动产登记窗口，并于12月5日前完成取号系统升级。感谢您的监督。';
    // Act
    const result = checkAnswer(QUEUE, answer, NO_HISTORY);
    // Assess: expected findings — none
    expect(result.findings).toEqual([]);
    expect(result.coveredTerms).toEqual(expect.arrayContaining(['不动产', '登记', '排队', '取号机']));
  });

  it('passes a complaint answer with an interview, an immediate rule and a working-day deadline (营业执照 变更)', () => {
    // Prepare
    const answer =
      '您好！经核实，您公司办理法定代表人变更时已通过网上提交股东会决议和身份证复印件，窗口人员要求重新提交纸质材料不符合“一网通办”规定。我局已约谈窗口负责人，责令其即日起对网上已上传的材料不再要求重复提交，并将在5个工作日内修订办事指南和材料清单，保持线上线下一致。';
    // Act / Assess: expected findings — none
    expect(codes(LICENSE, answer)).toEqual([]);
  });

  it('passes a complaint answer that sends staff to the home of an elderly applicant on a set date (社保卡 补办)', () => {
    // Prepare
    const answer =
      '李女士：您好！经核查，您母亲社保卡补办时，系统故障和照片审核标准未一次性告知，导致多次往返。我局已对相关窗口人员进行批评教育，并为行动不便的老人开通上门服务，工作人员将于12月3日上门为您母亲办理社保卡补办，新卡制好后免费邮寄到家。';
    // Act / Assess: expected findings — none
    expect(codes(CARD, answer)).toEqual([]);
  });

  it('passes a consultation answer that answers the question, with no measure required (公积金 提取)', () => {
    // Prepare
    const answer =
      '您好，住房公积金提取需提供身份证、本人银行卡及提取事由证明材料（如购房合同、租房备案），可通过“公积金”APP或12329热线咨询。咨询电话无人接听系因线路改造，现已恢复。';
    // Act / Assess: expected findings — none
    expect(codes(FUND_PHONE, answer)).toEqual([]);
  });

  it('passes a suggestion answer that adopts it with a start date (周末延时)', () => {
    // Prepare
    const answer =
      '您好，感谢您的建议。市政务服务中心已采纳，自2027年1月起每周六上午9:00-12:00开放不动产登记、社保、公积金等高频事项窗口，工作日延时服务至19:00，具体安排将在中心网站公示。';
    // Act / Assess: expected findings — none
    expect(codes(WEEKEND, answer)).toEqual([]);
  });

  it('passes a complaint answer whose measure is a refund (医保 工本费 退还)', () => {
    // Prepare
    const answer =
      '您好！经核查，医保异地就医备案属免费事项，窗口误按证件工本费收取50元，属工作差错。我局已于12月4日将50元原路退还至您的账户，并对窗口收费目录进行了全面清理，对当事人员进行了批评教育。';
    // Act / Assess: expected findings — none
    expect(codes(MEDICAL, answer)).toEqual([]);
  });
});

describe('checkAnswer: bad answers are flagged with the expected findings', () => {
  it('flags "已收悉，正在处理" as evasive, too short, off-topic and without a measure', () => {
    // Prepare
    const answer = '您反映的问题已收悉，正在处理。';
    // Act
    const result = checkAnswer(QUEUE, answer, NO_HISTORY);
    // Assess: expected findings — evasive, too_short, missing_key_terms, no_concrete_measure
    expect(result.findings.map((f) => f.code)).toEqual(['evasive', 'too_short', 'missing_key_terms', 'no_concrete_measure']);
    expect(result.findings.every((f) => f.severity === 'warn')).toBe(true);
    expect(result.coveredTerms).toEqual([]);
  });

  it('flags "请咨询相关部门" as an evasive referral that names no department', () => {
    // Prepare
    const answer = '请咨询相关部门。';
    // Act
    const result = checkAnswer(LICENSE, answer, NO_HISTORY);
    // Assess: expected findings — evasive (vague referral), too_short, missing_key_terms, no_concrete_measure
    expect(result.findings.map((f) => f.code)).toEqual(['evasive', 'too_short', 'missing_key_terms', 'no_concrete_measure']);
    expect(result.findings[0]!.detail).toMatchObject({ vagueReferral: true });
    expect(result.findings[0]!.message).toContain('相关部门');
  });

  it('flags a long answer made only of platitudes as evasive even though it is long enough', () => {
    // Prepare
    const answer =
      '您好，您反映的情况我们高度重视，我们将进一步加强窗口管理，提升服务水平，改进工作作风，努力为群众提供更加优质便捷的服务，感谢您对我们工作的监督和支持。';
    // Act / Assess: expected findings — evasive, missing_key_terms, no_concrete_measure (not too_short: 60+ characters)
    expect(codes(QUEUE, answer)).toEqual(['evasive', 'missing_key_terms', 'no_concrete_measure']);
  });

  it('flags a complaint answer that explains but states no measure or date (户籍窗口 态度)', () => {
    // Prepare: it addresses the complaint, so only the missing measure is flagged
    const answer =
      '您好！经调取12月2日户籍窗口监控录像并询问当班工作人员，当日孩子出生落户因缺少出生医学证明原件未能受理，工作人员告知材料不全时语气生硬、态度恶劣的情况基本属实，当事人已认识到问题。';
    // Act
    const result = checkAnswer(ATTITUDE, answer, NO_HISTORY);
    // Assess: expected findings — no_concrete_measure (warn)
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([['no_concrete_measure', 'warn']]);
  });

  it('advises only (info) when a suggestion answer states no measure, and never flags a consultation for it', () => {
    // Prepare
    const suggestionAnswer =
      '您好，您提出的周末和工作日延时开放大厅的建议很有道理，上班族在工作日确实难以抽出时间办事，我们已将您的建议转交中心办公室研究，感谢您的支持。';
    const consultationAnswer = '您好，住房公积金提取需要身份证、银行卡和购房合同或租房备案证明，咨询电话因线路改造暂停，可拨打12329。';
    // Act
    const suggestion = checkAnswer(WEEKEND, suggestionAnswer, NO_HISTORY);
    const consultation = checkAnswer(FUND_PHONE, consultationAnswer, NO_HISTORY);
    // Assess: expected findings — no_concrete_measure (info) for the suggestion; none for the consultation
    expect(suggestion.findings.map((f) => [f.code, f.severity])).toEqual([['no_concrete_measure', 'info']]);
    expect(consultation.findings).toEqual([]);
  });

  it('flags a platitude suggestion answer as evasive, too short and off-topic, with the missing measure as info', () => {
    // Prepare
    const answer = '您好，感谢您的建议。我们会认真研究您提出的建议，在今后的工作中不断改进，努力为广大群众提供更好的服务。';
    // Act
    const result = checkAnswer(WEEKEND, answer, NO_HISTORY);
    // Assess: expected findings — evasive, too_short, missing_key_terms, no_concrete_measure (info)
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([
      ['evasive', 'warn'],
      ['too_short', 'warn'],
      ['missing_key_terms', 'warn'],
      ['no_concrete_measure', 'info'],
    ]);
  });

  it('flags a short consultation answer that names the office but not what was asked', () => {
    // Prepare: a referral to a named office is not evasive
    const answer = '请到公积金中心咨询。';
    // Act
    const result = checkAnswer(FUND_PHONE, answer, NO_HISTORY);
    // Assess: expected findings — too_short, missing_key_terms (listing the uncovered terms)
    expect(result.findings.map((f) => f.code)).toEqual(['too_short', 'missing_key_terms']);
    const missing = result.findings[1]!.detail!.missing as string[];
    expect(missing).toEqual(expect.arrayContaining(['提取', '无人接听']));
    expect(missing).not.toContain('公积金');
    expect(result.findings[0]!.message).toBe('答复仅 9 字，咨询答复一般不少于 30 字。');
  });

  it('flags an answer with a measure that talks about a different matter (社保卡 answer to a 营业执照 complaint)', () => {
    // Prepare: pasted into the wrong case
    const answer = '您好！经核查，社保卡补办时系统故障和照片审核标准未一次性告知，导致多次往返。我局已对窗口人员进行批评教育，并为行动不便的老人开通上门服务。';
    // Act / Assess: expected findings — missing_key_terms
    expect(codes(LICENSE, answer)).toEqual(['missing_key_terms']);
  });
});

describe('checkAnswer: a template reused verbatim across unrelated complaints', () => {
  const TEMPLATE = (name: string, date: string, days: number) =>
    `${name}：您好！您反映的问题我们已转交承办科室核实，经核实情况属实，已责令相关人员立即整改，并将在${days}个工作日内将整改结果告知您。${date}。`;
  const earlier = TEMPLATE('张先生', '2026年12月1日', 5);

  it('flags the same text (other salutation, date, number) answering an unrelated complaint, naming that complaint', () => {
    // Prepare: the template answered the 户籍 attitude complaint CT-0101; now it answers the 医保 refund complaint
    const context: AnswerCheckContext = {
      recentAnswerFingerprints: [
        { complaintId: 'CT-0101', fingerprint: answerFingerprint(earlier), topicTerms: keyTermsOf(ATTITUDE).map((k) => k.term) },
        { complaintId: 'CT-0102', fingerprint: answerFingerprint('另一段无关的答复文字'), topicTerms: ['医保', '备案'] },
      ],
    };
    const answer = TEMPLATE('赵女士', '2026年12月9日', 3);
    // Act
    const result = checkAnswer(MEDICAL, answer, context);
    // Assess: expected findings — missing_key_terms, template_reuse (naming CT-0101 only)
    expect(result.findings.map((f) => f.code)).toEqual(['missing_key_terms', 'template_reuse']);
    const reuse = result.findings[1]!;
    expect(reuse.severity).toBe('warn');
    expect(reuse.message).toContain('CT-0101');
    expect(reuse.detail).toMatchObject({ complaintIds: ['CT-0101'] });
  });

  it('does not flag the same text answering a complaint about the same matter (two people, one queue)', () => {
    // Prepare: the same answer went to another 不动产 queue complaint CT-0201
    const shared =
      '您好！经核实，不动产登记大厅近期因抵押登记和过户业务集中，窗口开放不足导致排队时间过长，取号机等候人数显示也有误。我中心已增设三个不动产登记窗口，并于12月5日前完成取号系统升级。';
    const context: AnswerCheckContext = {
      recentAnswerFingerprints: [{ complaintId: 'CT-0201', fingerprint: answerFingerprint(shared), topicTerms: keyTermsOf(HOUSING_QUEUE).map((k) => k.term) }],
    };
    // Act
    const result = checkAnswer(QUEUE, shared, context);
    // Assess: expected findings — none (same fingerprint, but the topics overlap)
    expect(result.findings).toEqual([]);
    expect(result.fingerprint).toBe(context.recentAnswerFingerprints[0]!.fingerprint);
  });

  it('fingerprints ignore whitespace, punctuation, digits, dates and salutations, but not wording', () => {
    // Act
    const a = answerFingerprint(TEMPLATE('张先生', '2026年12月1日', 5));
    const b = answerFingerprint(`  ${TEMPLATE('欧阳女士', '2027年1月15日', 10).replaceAll('，', ', ')}\n`);
    const c = answerFingerprint(TEMPLATE('张先生', '2026年12月1日', 5).replace('立即整改', '限期整改'));
    // Assess
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(normalizeForFingerprint('李先生：您好！12月5日前，请拨打0375-2661234。')).toBe('您好前请拨打');
  });
});

describe('key terms', () => {
  it("glues the segmenter's single characters back into domain words and drops function and government words", () => {
    // Act
    const terms = contentTerms('社保卡补办，公积金提取电话无人接听，不动产登记窗口的工作人员态度恶劣');
    // Assess
    expect(terms).toEqual(expect.arrayContaining(['社保卡补办', '公积金', '提取', '电话', '无人接听', '不动产', '登记', '态度', '恶劣']));
    expect(terms).not.toContain('工作人员');
    expect(terms).not.toContain('窗口');
    expect(terms.every((t) => t.length >= 2)).toBe(true);
  });

  it('weights title terms higher and puts them first; keeps ASCII words and numbers of 3+ digits', () => {
    // Act
    const terms = keyTermsOf({ title: '12345热线转办的APP闪退问题', content: '政务服务APP在提交申请时闪退，拨打12345反映后仍未修复，版本v3。' });
    // Assess
    expect(terms.slice(0, 3).map((t) => t.term)).toEqual(expect.arrayContaining(['12345', 'app']));
    expect(terms.find((t) => t.term === 'app')!.weight).toBe(DEFAULT_ANSWER_CHECK_RULES.titleWeight);
    expect(terms.find((t) => t.term === '修复')?.weight).toBe(1);
  });

  it('counts a key term as covered through its two-character overlaps when the answer words it differently', () => {
    // Prepare: the title's 周末延时 is not in the answer, but 延时 is
    const answer =
      '您好，经研究，市政务服务中心将自2027年1月起在周六上午开放综合受理窗口，工作日延时至19:00，方便上班族错峰办理，具体窗口清单将在中心网站公示。';
    // Act
    const result = checkAnswer(WEEKEND, answer, NO_HISTORY);
    // Assess
    expect(result.keyTerms).toContain('周末延时');
    expect(result.coveredTerms).toContain('周末延时');
    expect(result.findings).toEqual([]);
  });

  it('is deterministic: the same input gives the same result', () => {
    // Act
    const first = checkAnswer(CARD, '您反映的问题已收悉，正在处理。', NO_HISTORY);
    const second = checkAnswer(CARD, '您反映的问题已收悉，正在处理。', NO_HISTORY);
    // Assess
    expect(second).toEqual(first);
  });
});
