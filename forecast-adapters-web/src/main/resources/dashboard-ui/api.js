// The JSON API, same origin. The admin key lives in this tab's sessionStorage only: never in
// localStorage or a cookie, gone when the tab closes.
const KEY = 'forecast.adminKey';

export class ApiError extends Error {
  constructor(status, title, detail, request) {
    super(`${request}: ${status} ${title}${detail ? ': ' + detail : ''}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.request = request;
  }
}

export const adminKey = () => sessionStorage.getItem(KEY);
export const setAdminKey = key => sessionStorage.setItem(KEY, key);
export const forgetAdminKey = () => sessionStorage.removeItem(KEY);

async function request(method, path, body, accept = 'application/json') {
  const headers = { Accept: accept };
  const key = adminKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) {
    // errors are application/problem+json: show its title and detail
    let problem = {};
    try { problem = JSON.parse(text); } catch { /* not JSON: the text itself */ }
    throw new ApiError(res.status, problem.title || res.statusText, problem.detail || (problem.title ? '' : text), `${method} ${path}`);
  }
  return accept.includes('json') && (res.headers.get('Content-Type') || '').includes('json') ? JSON.parse(text) : text;
}

export const get = path => request('GET', path);
/** Text, such as the Prometheus exposition (asked for as JSON, /observe/metrics answers JSON). */
export const text = path => request('GET', path, undefined, 'text/plain');
export const post = (path, body = {}) => request('POST', path, body);
/** The path with each segment encoded: names come from the API, but may hold any allowed character. */
export const path = (...parts) => '/' + parts.map(encodeURIComponent).join('/');
