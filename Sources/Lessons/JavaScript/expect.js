// The goal helpers (expect, jar, store, request, …), put in place anew for each check: this
// script evaluates to a function of the global object and the world as JSON, compiled once per
// goal context and called before each check.
(function (g, worldJSON) {
  const world = JSON.parse(worldJSON);
  const fmt = (v) => {
    if (v === undefined) return 'undefined';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (v instanceof RegExp) return String(v);
    try { return JSON.stringify(v); } catch (e) { return String(v); }
  };
  const deepEqual = (a, b) => {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every(k => deepEqual(a[k], b[k]));
  };
  class GoalFailure extends Error {}
  Object.defineProperty(g, '__notThere', { value: (e) => { throw new GoalFailure('\u0003' + e.message); }, configurable: true });
  g.expect = function (actual) {
    const make = (negate) => {
      const check = (ok, wanted) => {
        if (Boolean(ok) === negate) throw new GoalFailure('\u0001' + (negate ? 'not ' : '') + wanted + '\u0001' + fmt(actual));
      };
      return {
        toBe: (e) => check(Object.is(actual, e), fmt(e)),
        toEqual: (e) => check(deepEqual(actual, e), fmt(e)),
        toBeDefined: () => check(actual !== undefined, 'a value'),
        toBeUndefined: () => check(actual === undefined, 'undefined'),
        toBeNull: () => check(actual === null, 'null'),
        toBeTruthy: () => check(actual, 'something truthy'),
        toBeFalsy: () => check(!actual, 'something falsy'),
        toContain: (e) => check(actual != null && (typeof actual === 'string' ? actual.includes(e) : Array.from(actual).some(x => deepEqual(x, e))), 'something containing ' + fmt(e)),
        toMatch: (re) => check(typeof actual === 'string' && (re instanceof RegExp ? re.test(actual) : actual.includes(re)), 'a string matching ' + fmt(re)),
        toHaveLength: (n) => check(actual != null && actual.length === n, 'length ' + n),
        toBeGreaterThan: (n) => check(actual > n, 'more than ' + n),
        toBeGreaterThanOrEqual: (n) => check(actual >= n, 'at least ' + n),
        toBeLessThan: (n) => check(actual < n, 'less than ' + n),
        toBeLessThanOrEqual: (n) => check(actual <= n, 'at most ' + n),
        toHaveProperty: (k, v) => check(actual != null && Object.prototype.hasOwnProperty.call(actual, k) && (v === undefined || deepEqual(actual[k], v)), 'a property ' + k + (v === undefined ? '' : ' = ' + fmt(v))),
      };
    };
    const m = make(false);
    m.not = make(true);
    return m;
  };
  g.jar = {
    get: (name) => world.jar.find(c => c.name === name),
    names: () => world.jar.map(c => c.name),
    all: () => world.jar.slice(),
    get size() { return world.jar.length; },
  };
  const sessions = world.store.map(s => ({ id: s.id, data: JSON.parse(s.json) }));
  g.store = {
    get size() { return sessions.length; },
    only() {
      if (sessions.length !== 1) throw new GoalFailure('\u0001exactly one session in the store\u0001' + sessions.length + ' sessions');
      return sessions[0].data;
    },
    all: () => sessions.slice(),
    ids: () => sessions.map(s => s.id),
  };
  g.last = world.last === undefined || world.last === null ? null : world.last;
  g.exchanges = world.exchanges;
  // Step-relative views: they survive a learner repeating commands or looking around.
  const notYet = (text) => { throw new GoalFailure('\u0002' + text); };
  // "GET /me", "/me", or the command as typed: "get / --from http://evil.localhost --subresource".
  const spec = (s) => {
    const words = String(s).trim().split(/\s+/);
    const t = { method: null, path: null, from: undefined, subresource: false, text: String(s).trim() };
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w === '--from') t.from = words[++i];
      else if (w === '--subresource' || w === '--fetch' || w === '--img') t.subresource = true;
      else if (t.path === null && /^[A-Za-z]+$/.test(w) && t.method === null && i + 1 < words.length) t.method = w.toUpperCase();
      else if (t.path === null) t.path = w;
    }
    // A full URL matches on its path and query, as `path` records them.
    if (t.path !== null) t.path = t.path.replace(/^https?:\/\/[^\/?#]*/i, '') || '/';
    return t;
  };
  const samePath = (have, want) => want.includes('?') ? have === want : have.split('?')[0] === want;
  const sameOrigin = (a, b) => String(a).replace(/\/+$/, '') === String(b).replace(/\/+$/, '');
  const describe = (t) => (t.method ? t.method + ' ' : '') + t.path + (t.from ? ' from ' + t.from : '') + (t.subresource ? ' as a subresource' : '');
  const command = (t) => (t.method || 'GET').toLowerCase() + ' ' + t.path + (t.from ? ' --from ' + t.from : '') + (t.subresource ? ' --subresource' : '');
  g.requests = (s) => {
    const t = spec(s);
    return world.exchanges.filter(e => (!t.method || e.method === t.method) && samePath(e.path, t.path)
      && (t.from === undefined ? true : (e.from != null && sameOrigin(e.from, t.from) && e.subresource === t.subresource)));
  };
  const pick = (s, which) => {
    const found = g.requests(s);
    if (found.length === 0) {
      const t = spec(s);
      notYet('no request to ' + describe(t) + ' in this step yet: try `' + command(t) + '`');
    }
    return which(found);
  };
  g.request = (s) => pick(s, f => f[f.length - 1]);
  g.firstRequest = (s) => pick(s, f => f[0]);
  const parseSetCookie = (raw, e) => {
    const parts = raw.split(';');
    const eq = parts[0].indexOf('=');
    const c = { name: eq < 0 ? '' : parts[0].slice(0, eq).trim(), value: eq < 0 ? parts[0].trim() : parts[0].slice(eq + 1).trim(),
                raw, request: e.method + ' ' + e.path, path: undefined, domain: undefined, maxAge: undefined, expires: undefined,
                httpOnly: false, secure: false, sameSite: undefined };
    for (const p of parts.slice(1)) {
      const i = p.indexOf('=');
      const key = (i < 0 ? p : p.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? '' : p.slice(i + 1).trim();
      if (key === 'max-age') c.maxAge = Number(val);
      else if (key === 'expires') c.expires = Date.parse(val);
      else if (key === 'path') c.path = val;
      else if (key === 'domain') c.domain = val;
      else if (key === 'httponly') c.httpOnly = true;
      else if (key === 'secure') c.secure = true;
      else if (key === 'samesite') c.sameSite = val;
    }
    return c;
  };
  g.cookieSets = (name) => world.exchanges.flatMap(e => e.setCookies.map(raw => parseSetCookie(raw, e))).filter(c => c.name === name);
  const pickSet = (name, which) => {
    const found = g.cookieSets(name);
    if (found.length === 0) notYet('no response in this step has set a ' + name + ' cookie yet');
    return which(found);
  };
  g.firstSet = (name) => pickSet(name, f => f[0]);
  g.lastSet = (name) => pickSet(name, f => f[f.length - 1]);
  // Whole seconds since 1970 of a Date, an ISO date text or milliseconds: cookies keep their
  // expiry to the second (an HTTP date), the session store to the millisecond.
  g.seconds = (v) => {
    if (v === undefined || v === null) return v;
    const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number(v);
    return Math.floor(ms / 1000);
  };
  // The session id inside a signed session cookie's value ("s%3A" + id + "." + signature).
  g.sessionId = (value) => {
    const text = decodeURIComponent(String(value));
    return text.startsWith('s:') && text.lastIndexOf('.') > 2 ? text.slice(2, text.lastIndexOf('.')) : undefined;
  };
  g.server = world.server;
  g.log = world.log;
  g.log.text = world.log.join('\n');
  g.documentCookie = world.documentCookie;
  g.profile = world.profile;
})
