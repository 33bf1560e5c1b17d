/** Evidence rules as GET /meta gives them: the types (MIME, label, extensions) and the size limit. */
export interface EvidenceRules {
  maxBytes: number;
  types: { contentType: string; label: string; extensions: string[] }[];
}

/** Why a file cannot be uploaded (type or size), or undefined when it can. */
export function checkFile(rules: EvidenceRules, f: { name: string; type: string; size: number }): string | undefined {
  const ext = f.name.split('.').pop()?.toLowerCase() ?? '';
  const ok = rules.types.some((t) => t.contentType === f.type || t.extensions.includes(ext));
  if (!ok) return `只能上传 ${rules.types.map((t) => t.label).join('、')} 文件`;
  if (f.size > rules.maxBytes) return `文件不能超过 ${Math.round(rules.maxBytes / 1048576)} MB`;
  if (f.size === 0) return '文件是空的';
  return undefined;
}

/** A file's bytes as base64 (what the upload routes take). */
export async function toBase64(f: Blob): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The MIME type the API expects for a file: the browser's when it is one of the allowed, else by extension. */
export function contentTypeOf(rules: EvidenceRules | undefined, f: { name: string; type: string }): string {
  const ext = f.name.split('.').pop()?.toLowerCase() ?? '';
  return rules?.types.find((t) => t.contentType === f.type)?.contentType ?? rules?.types.find((t) => t.extensions.includes(ext))?.contentType ?? f.type;
}
