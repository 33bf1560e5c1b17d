/** The five levels of GB/T 39046 (A.8 codes 1–5) and, for large-type mode, plain words for the reason tags. */
export const LEVELS = [
  { level: 1, name: '非常满意' },
  { level: 2, name: '满意' },
  { level: 3, name: '基本满意' },
  { level: 4, name: '不满意' },
  { level: 5, name: '非常不满意' },
] as const;
export const isBad = (level: number) => level >= 4;

/** One-line explanations of the reason tags the API lists (GET /meta); a tag without one is shown as it is. */
export const TAG_EXPLAINED: Record<string, string> = {
  承诺履行: '没按说好的时间或方式办成',
  服务态度: '工作人员说话、态度让您不舒服',
  申请材料: '要的材料太多，或反复让您补材料',
  办事效率: '办得太慢、等得太久',
  跑趟次数: '让您来回跑了好几趟',
  服务机制: '规定、流程不合理，或没有一次说清楚',
  勤政廉洁: '工作人员不作为、乱作为，或有吃拿卡要',
  办事指南精确度: '网上的办事说明不准、看不懂',
  办事便捷度: '网上、手机上办事步骤太多、不方便',
  平台操作性: '网站或手机页面不好用、出错',
};
