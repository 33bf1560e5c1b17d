import type { Notification, NotificationKind, Notifier } from '../../ports/notifier.js';
import { AwsClient, type AwsClientOptions } from '../aws/signed-fetch.js';
import { audienceKey } from './audience.js';

/** What goes to the alert topic: escalations and task orders for supervisors, failures for operators. */
export const SNS_KINDS: ReadonlySet<NotificationKind> = new Set(['escalation', 'alert', 'taskOrder']);

const KIND_LABEL: Partial<Record<NotificationKind, string>> = { escalation: '督办升级', alert: '系统告警', taskOrder: '任务交办单' };

/** SNS Publish: subjects are "UTF-8 text with no line breaks or control characters, and less than 100 characters long". */
const MAX_SUBJECT = 99;

export interface SnsNotifierProps {
  readonly topicArn: string;
  /** Region, credentials, endpoint…: the defaults are right in Lambda. */
  readonly aws?: AwsClientOptions;
}

/**
 * Publishes supervisor and operator alerts to the SNS alert topic; other kinds are not
 * for this channel and are ignored. Message attributes `kind`, `audience` and (for
 * supervisors) `regionCode` let each subscription filter what it receives, e.g. the
 * operators' e-mail subscribes with `{"audience": ["operators"]}`.
 */
export class SnsNotifier implements Notifier {
  private readonly client: AwsClient;

  constructor(private readonly props: SnsNotifierProps) {
    this.client = new AwsClient('sns', props.aws);
  }

  async notify(n: Notification): Promise<void> {
    if (!SNS_KINDS.has(n.kind)) return;
    const attributes: Record<string, string> = { kind: n.kind, audience: n.audience.kind, audienceKey: audienceKey(n.audience) };
    if (n.audience.kind === 'supervisors') attributes.regionCode = n.audience.regionCode;
    // SNS speaks the AWS query protocol: a form POST; the XML answer (the message id) is not needed.
    const form: [string, string][] = [
      ['Action', 'Publish'],
      ['Version', '2010-03-31'],
      ['TopicArn', this.props.topicArn],
      ['Subject', snsSubject(`【好差评·${KIND_LABEL[n.kind]}】${n.title}`)],
      [
        'Message',
        [n.body, '', n.subject ? `业务编号：${n.subject}` : undefined, `通知编号：${n.id}`, `时间：${n.createdAt}`]
          .filter((line) => line !== undefined)
          .join('\n'),
      ],
      ...Object.entries(attributes).flatMap(([name, value], i): [string, string][] => [
        [`MessageAttributes.entry.${i + 1}.Name`, name],
        [`MessageAttributes.entry.${i + 1}.Value.DataType`, 'String'],
        [`MessageAttributes.entry.${i + 1}.Value.StringValue`, value],
      ]),
    ];
    await this.client.send({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'),
    });
  }
}

/** RFC 3986 percent-encoding, as the SDK's query serializer does (a space is `%20`, not `+`). */
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * One line, no control characters, fewer than 100 characters — counted in UTF-16 code
 * units, which is never fewer than code points, and never cutting a surrogate pair.
 */
export function snsSubject(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (line.length <= MAX_SUBJECT) return line;
  let cut = '';
  for (const ch of line) {
    if (cut.length + ch.length > MAX_SUBJECT - 1) break;
    cut += ch;
  }
  return `${cut}…`;
}
