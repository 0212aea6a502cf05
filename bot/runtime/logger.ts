import pino, { type Logger } from 'pino';

/** JSON logs; credentials and tokens are censored wherever they would appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'partner-of-record-bot' },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.MicrosoftAppPassword',
        'MicrosoftAppPassword',
        '*.password',
        'password',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
