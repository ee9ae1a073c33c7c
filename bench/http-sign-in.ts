/** Signing in over HTTP as a browser would, for benchmarks that drive a running Hearth. */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');

/** The session cookie of a person signed in at `base`. */
export async function signInCookie(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const signedIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(await page.text()), email, password }),
  });
  return cookiesOf(signedIn);
}
