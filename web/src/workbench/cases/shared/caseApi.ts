import { api, type PathsFor } from '../../../api/client.js';

/**
 * The supervision actions both case types have (extensions, task orders, escalation
 * outcomes, file upload), sent to the case type's own routes; `paths` name the routes whose
 * request schemas give the forms their rules.
 */
export type CaseKind = 'badReview' | 'complaint';
type Body = Record<string, unknown>;

export interface SupervisionApi {
  paths: Record<'requestExtension' | 'decideExtension' | 'issueTaskOrder' | 'completeTaskOrder' | 'escalationOutcome' | 'upload', PathsFor<'post'>>;
  requestExtension(b: Body): Promise<unknown>;
  decideExtension(b: Body): Promise<unknown>;
  issueTaskOrder(b: Body): Promise<unknown>;
  acknowledgeTaskOrder(n: number): Promise<unknown>;
  completeTaskOrder(n: number, b: Body): Promise<unknown>;
  escalationOutcome(n: number, b: Body): Promise<unknown>;
  upload(b: Body): Promise<{ fileId: string; name: string }>;
  downloadUrl(fileId: string): string;
}

type FileAnswer = { fileId: string; name: string };

export function badReviewApi(reviewId: string): SupervisionApi {
  const path = { reviewId };
  return {
    paths: {
      requestExtension: '/bad-reviews/{reviewId}/extension',
      decideExtension: '/bad-reviews/{reviewId}/extension/decision',
      issueTaskOrder: '/bad-reviews/{reviewId}/task-orders',
      completeTaskOrder: '/bad-reviews/{reviewId}/task-orders/{n}/complete',
      escalationOutcome: '/bad-reviews/{reviewId}/escalations/{n}/outcome',
      upload: '/bad-reviews/{reviewId}/evidence',
    },
    requestExtension: (b) => api.post('/bad-reviews/{reviewId}/extension', { path, body: b as never }),
    decideExtension: (b) => api.post('/bad-reviews/{reviewId}/extension/decision', { path, body: b as never }),
    issueTaskOrder: (b) => api.post('/bad-reviews/{reviewId}/task-orders', { path, body: b as never }),
    acknowledgeTaskOrder: (n) => api.post('/bad-reviews/{reviewId}/task-orders/{n}/acknowledge', { path: { reviewId, n } }),
    completeTaskOrder: (n, b) => api.post('/bad-reviews/{reviewId}/task-orders/{n}/complete', { path: { reviewId, n }, body: b as never }),
    escalationOutcome: (n, b) => api.post('/bad-reviews/{reviewId}/escalations/{n}/outcome', { path: { reviewId, n }, body: b as never }),
    upload: (b) => api.post<'/bad-reviews/{reviewId}/evidence', FileAnswer>('/bad-reviews/{reviewId}/evidence', { path, body: b as never }),
    downloadUrl: (fileId) => `/bad-reviews/${encodeURIComponent(reviewId)}/evidence/${encodeURIComponent(fileId)}`,
  };
}

export function complaintApi(complaintId: string): SupervisionApi {
  const path = { complaintId };
  return {
    paths: {
      requestExtension: '/complaints/{complaintId}/extension',
      decideExtension: '/complaints/{complaintId}/extension/decision',
      issueTaskOrder: '/complaints/{complaintId}/task-orders',
      completeTaskOrder: '/complaints/{complaintId}/task-orders/{n}/complete',
      escalationOutcome: '/complaints/{complaintId}/escalations/{n}/outcome',
      upload: '/complaints/{complaintId}/attachments',
    },
    requestExtension: (b) => api.post('/complaints/{complaintId}/extension', { path, body: b as never }),
    decideExtension: (b) => api.post('/complaints/{complaintId}/extension/decision', { path, body: b as never }),
    issueTaskOrder: (b) => api.post('/complaints/{complaintId}/task-orders', { path, body: b as never }),
    acknowledgeTaskOrder: (n) => api.post('/complaints/{complaintId}/task-orders/{n}/acknowledge', { path: { complaintId, n } }),
    completeTaskOrder: (n, b) => api.post('/complaints/{complaintId}/task-orders/{n}/complete', { path: { complaintId, n }, body: b as never }),
    escalationOutcome: (n, b) => api.post('/complaints/{complaintId}/escalations/{n}/outcome', { path: { complaintId, n }, body: b as never }),
    upload: (b) => api.post<'/complaints/{complaintId}/attachments', FileAnswer>('/complaints/{complaintId}/attachments', { path, body: b as never }),
    downloadUrl: (fileId) => `/complaints/${encodeURIComponent(complaintId)}/attachments/${encodeURIComponent(fileId)}`,
  };
}
