import { Injectable, inject } from '@angular/core';
import { ATTACHMENT_UPLOAD_PATH, ChatAttachment } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';

export interface UploadHandle {
  done: Promise<ChatAttachment>;
  abort(): void;
}

/**
 * Uploads one file for the operator (SPEC A9): the raw bytes by XHR (for progress), the access
 * token in the Authorization header. Errors carry the server's sentence.
 */
@Injectable({ providedIn: 'root' })
export class AttachmentUploader {
  private readonly session = inject(SessionStore);

  upload(file: File, conversationId: string, onProgress: (fraction: number) => void): UploadHandle {
    const xhr = new XMLHttpRequest();
    const done = (async () => {
      if (!(await this.session.ensureFresh())) throw new Error('Your session has expired. Sign in again.');
      return new Promise<ChatAttachment>((resolve, reject) => {
        const url = `${ATTACHMENT_UPLOAD_PATH}?conversationId=${encodeURIComponent(conversationId)}&name=${encodeURIComponent(file.name)}`;
        xhr.open('POST', url);
        xhr.setRequestHeader('Authorization', `Bearer ${this.session.accessToken()}`);
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
        xhr.onload = () => {
          let body: { attachment?: ChatAttachment; message?: string } = {};
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            // not JSON: a proxy error page
          }
          if (xhr.status === 201 && body.attachment) resolve(body.attachment);
          else reject(new Error(body.message ?? `The upload failed (${xhr.status}). Try again.`));
        };
        xhr.onerror = () => reject(new Error('The upload failed: no connection. Try again.'));
        xhr.onabort = () => reject(new Error('Upload cancelled.'));
        xhr.send(file);
      });
    })();
    return { done, abort: () => xhr.abort() };
  }
}
