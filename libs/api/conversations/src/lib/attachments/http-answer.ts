import { Logger } from '@nestjs/common';
import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';
import type { Request, Response } from 'express';
import fs from 'node:fs';
import { AttachmentEntity } from './attachment.entity';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.FileTooLarge]: 413,
  [ErrorCode.UnsupportedFileType]: 415,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.ChannelInactive]: 403,
};

const logger = new Logger('Attachments');

/**
 * Answers a failed upload or download with `{ code, message }` and a matching status. When the
 * request body was not read to its end (a refused or oversized upload), the connection is closed
 * after the answer so a client cannot keep streaming into it.
 */
export function answerError(req: Request, res: Response, e: unknown): void {
  const known = e instanceof DomainException;
  if (!known) logger.error(`attachment request failed: ${(e as Error)?.stack ?? e}`);
  const status = known ? (STATUS[e.code] ?? 400) : 500;
  const body = known ? { code: e.code, message: e.message, ...(e.details ?? {}) } : { code: ErrorCode.Internal, message: 'Something went wrong. Please try again.' };
  if (res.headersSent) return void res.destroy();
  if (!req.complete) res.setHeader('Connection', 'close');
  res.status(status).json(body);
  if (!req.complete) res.once('finish', () => setTimeout(() => req.destroy(), 1000).unref());
}

/** Sends a stored file: its detected type, inline for images, download for PDF, never sniffed, never scripted. */
export function sendFile(res: Response, a: AttachmentEntity, file: string): void {
  const disposition = a.mime === 'application/pdf' ? 'attachment' : 'inline';
  const ascii = a.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.setHeader('Content-Type', a.mime);
  res.setHeader('Content-Length', String(a.size));
  res.setHeader('Content-Disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox");
  // the widget shows images on the host site's origin
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Cache-Control', 'private, max-age=3600');
  res.setHeader('ETag', `"${a.sha256}"`);
  const stream = fs.createReadStream(file);
  stream.once('error', () => {
    if (!res.headersSent) res.status(404).json({ code: ErrorCode.NotFound, message: 'Attachment not found' });
    else res.destroy();
  });
  stream.pipe(res);
}

/** The Content-Length header as a number, when given and sane. */
export function declaredLength(req: Request): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
