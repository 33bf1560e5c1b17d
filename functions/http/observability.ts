import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. Log business keys (case number, rating id, unit) — never names,
 * ID numbers or phones; request and response bodies are never logged.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'haochaping' });
