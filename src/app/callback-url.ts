// Callback URL acceptance for 9.1 (http/https, a host, no credentials). Private targets are refused at
// delivery time by the push sender's SSRF guard, which also covers DNS names resolving to private addresses.

/** Returns the problem in Chinese, or undefined when the URL is acceptable. */
export function checkCallbackUrl(raw: string, _allowList: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '回调地址格式错误';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '回调地址只支持http或https';
  if (url.username || url.password) return '回调地址不能包含用户名密码';
  if (!url.hostname) return '回调地址缺少主机名';
  return undefined;
}
