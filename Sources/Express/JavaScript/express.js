(function (crumbs) {
  'use strict';
  const native = crumbs.native;
  const define = crumbs.define;

  const STATUS = {
    100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
    206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
    307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
    402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
    408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
    418: "I'm a Teapot", 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
    501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

  // Members a lesson may reach for that crumbs does not provide get a clear error, not undefined.
  function guarded(target, what, known) {
    return new Proxy(target, {
      get(t, prop, receiver) {
        if (typeof prop === 'symbol' || prop in t || ['then', 'toJSON', 'inspect', 'constructor', 'length', 'name', 'prototype'].includes(prop)) {
          return Reflect.get(t, prop, receiver);
        }
        return function () {
          throw new TypeError(`${what}.${prop}() is not available in crumbs (${what} offers ${known()})`);
        };
      },
    });
  }

  function byteLength(str) {
    let n = 0;
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function encodeUrl(url) {
    return String(url)
      .replace(/(?:[^\x21\x25\x26-\x3B\x3D\x3F-\x5B\x5D\x5F\x61-\x7A\x7E]|%(?:[^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|$))+/g, encodeURI)
      .replace(/(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF]([^\uDC00-\uDFFF]|$)/g, '$1\uFFFD$2');
  }

  // depd's format when stderr is not a terminal, with the caller's place in the app; each call
  // site warns once (depd 2.0).
  const warned = new Set();
  function deprecate(message, namespace) {
    const frames = String(new Error().stack || '').split('\n');
    const caller = frames.find(f => !f.includes('crumbs/') && /:\d+:\d+$/.test(f));
    const where = caller ? ' at ' + v8Place(caller.slice(caller.lastIndexOf('@') + 1)) : '';
    if (warned.has(message + where)) return;
    warned.add(message + where);
    native.log('warn', `${new Date().toUTCString()} ${namespace || 'express'} deprecated ${message}${where}`, crumbs.current ? crumbs.current.id : 0);
  }
  // JavaScriptCore places a call at its opening parenthesis, V8 at the called name:
  // "res.redirect(" is column 5 for V8 where JavaScriptCore says 13.
  function v8Place(place) {
    const m = /^(.*):(\d+):(\d+)$/.exec(place);
    if (!m) return place;
    const text = native.sourceLine(m[1], Number(m[2]));
    const column = Number(m[3]);
    if (typeof text !== 'string' || text[column - 1] !== '(') return place;
    let start = column - 1;
    while (start > 0 && /[A-Za-z0-9_$]/.test(text[start - 1])) start--;
    return start === column - 1 ? place : `${m[1]}:${m[2]}:${start + 1}`;
  }

  // ---- IP addresses and `trust proxy` (proxy-addr 2.0, forwarded 0.2)
  // An address as 16 bytes (IPv4 as IPv4-mapped IPv6), or null.
  function ipBytes(text) {
    const s = String(text);
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
    if (v4) {
      const b = v4.slice(1).map(Number);
      return b.every(n => n <= 255) ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...b] : null;
    }
    if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
    let head = s, tail = [];
    const dot = s.lastIndexOf(':');
    if (s.slice(dot + 1).includes('.')) {
      const four = ipBytes(s.slice(dot + 1));
      if (!four) return null;
      tail = four.slice(12);
      head = s.slice(0, dot + 1) + '0:0';
    }
    const halves = head.split('::');
    if (halves.length > 2) return null;
    const groups = (h) => h === '' ? [] : h.split(':');
    const left = groups(halves[0]), right = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - left.length - right.length;
    if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
    const all = [...left, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
    if (!all.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    const bytes = [];
    for (const g of all) { const n = parseInt(g, 16); bytes.push(n >> 8, n & 0xff); }
    if (tail.length) bytes.splice(12, 4, ...tail);
    return bytes;
  }
  const isIPv4Text = (s) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s);
  const RANGES = {
    linklocal: ['169.254.0.0/16', 'fe80::/10'],
    loopback: ['127.0.0.1/8', '::1/128'],
    uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  };
  function parseRange(note) {
    const slash = note.lastIndexOf('/');
    const ip = slash !== -1 ? note.substring(0, slash) : note;
    const bytes = ipBytes(ip);
    if (!bytes) throw new TypeError('invalid IP address: ' + ip);
    const v4 = isIPv4Text(ip);
    const max = v4 ? 32 : 128;
    let bits = max;
    if (slash !== -1) {
      const range = note.substring(slash + 1);
      if (/^[0-9]+$/.test(range)) bits = parseInt(range, 10);
      else if (v4 && ipBytes(range) && isIPv4Text(range)) {
        const mask = ipBytes(range).slice(12);
        bits = 0;
        for (const b of mask) for (let i = 7; i >= 0; i--) if (b & (1 << i)) bits++;
      } else bits = null;
    }
    if (bits === null || bits <= 0 || bits > max) throw new TypeError('invalid range on address: ' + note);
    return { bytes, bits: v4 ? bits + 96 : bits, v4 };
  }
  function inRange(bytes, range) {
    // An IPv4 range matches IPv4 and IPv4-mapped addresses; an IPv6 range compares all 16 bytes.
    for (let bit = 0; bit < range.bits; bit++) {
      const i = bit >> 3, m = 0x80 >> (bit & 7);
      if ((bytes[i] & m) !== (range.bytes[i] & m)) return false;
    }
    return true;
  }
  // Express's compileTrust: the 'trust proxy' setting as trust(address, hop).
  function compileTrust(val) {
    if (typeof val === 'function') return val;
    if (val === true) return () => true;
    if (typeof val === 'number') return (a, i) => i < val;
    let list = typeof val === 'string' ? val.split(',').map(v => v.trim()) : [].concat(val || []);
    list = list.flatMap(v => RANGES[v] || [v]);
    const ranges = list.map(parseRange);
    if (ranges.length === 0) return () => false;
    return (addr) => {
      const bytes = ipBytes(addr);
      return bytes !== null && ranges.some(r => inRange(bytes, r));
    };
  }
  // The socket's address, then X-Forwarded-For from right to left, cut after the first hop
  // that is not trusted.
  function forwardedAddresses(req, trust) {
    const header = req.headers['x-forwarded-for'] || '';
    const list = [req.socket.remoteAddress];
    let end = header.length, start = header.length;
    for (let i = header.length - 1; i >= 0; i--) {
      const c = header.charCodeAt(i);
      if (c === 0x20) { if (start === end) start = end = i; }
      else if (c === 0x2c) { if (start !== end) list.push(header.substring(start, end)); start = end = i; }
      else start = i;
    }
    if (start !== end) list.push(header.substring(start, end));
    for (let i = 0; i < list.length - 1; i++) {
      if (!trust(list[i], i)) { list.length = i + 1; break; }
    }
    return list;
  }

  // ---- content negotiation (accepts 1.3, negotiator 0.6): Accept against offered types
  function parseMediaRange(text, i) {
    const parts = text.split(';').map(p => p.trim());
    const m = /^\s*([^\s\/;]+)\/([^;\s]+)\s*$/.exec(parts[0]);
    if (!m) return null;
    const params = Object.create(null);
    let q = 1;
    for (const p of parts.slice(1)) {
      const eq = p.indexOf('=');
      if (eq === -1) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value[0] === '"') value = value.slice(1, -1);
      if (key === 'q') { q = parseFloat(value); break; }
      params[key] = value;
    }
    return { type: m[1], subtype: m[2], params, q, i };
  }
  function preferredMediaTypes(accept, provided) {
    const accepted = (accept === undefined ? '*/*' : accept || '').split(',').map((t, i) => parseMediaRange(t, i)).filter(Boolean);
    const priorities = provided.map((type, index) => {
      let best = { o: -1, q: 0, s: 0, i: index };
      const p = parseMediaRange(type, 0);
      if (!p) return best;
      for (const spec of accepted) {
        let s = 0;
        if (spec.type.toLowerCase() === p.type.toLowerCase()) s |= 4; else if (spec.type !== '*') continue;
        if (spec.subtype.toLowerCase() === p.subtype.toLowerCase()) s |= 2; else if (spec.subtype !== '*') continue;
        const keys = Object.keys(spec.params);
        if (keys.length > 0) {
          if (keys.every(k => spec.params[k] === '*' || (spec.params[k] || '').toLowerCase() === (p.params[k] || '').toLowerCase())) s |= 1;
          else continue;
        }
        const candidate = { o: spec.i, q: spec.q, s, i: index };
        if ((best.s - s || best.q - spec.q || best.o - spec.i) < 0) best = candidate;
      }
      return best;
    });
    return priorities.filter(p => p.q > 0)
      .sort((a, b) => (b.q - a.q) || (b.s - a.s) || (a.o - b.o) || (a.i - b.i) || 0)
      .map(p => provided[p.i]);
  }
  const mimeOf = (type) => type.includes('/') ? type : (MIME[type.replace(/^\./, '')] || false);

  // ---- freshness (fresh 0.5): may a conditional GET be answered 304?
  function isFresh(reqHeaders, etagValue, lastModified) {
    const modifiedSince = reqHeaders['if-modified-since'];
    const noneMatch = reqHeaders['if-none-match'];
    if (!modifiedSince && !noneMatch) return false;
    const cacheControl = reqHeaders['cache-control'];
    if (cacheControl && /(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(cacheControl)) return false;
    if (noneMatch && noneMatch !== '*') {
      if (!etagValue) return false;
      const tokens = noneMatch.split(/[ ,]+/).filter(Boolean);
      if (!tokens.some(t => t === etagValue || t === 'W/' + etagValue || 'W/' + t === etagValue)) return false;
    }
    if (modifiedSince) {
      const parse = (d) => { const t = d && Date.parse(d); return typeof t === 'number' ? t : NaN; };
      if (!lastModified || !(parse(lastModified) <= parse(modifiedSince))) return false;
    }
    return true;
  }

  // ETag like the etag module: W/"<length hex>-<first 27 chars of base64 SHA-1>".
  function etag(body) {
    if (body.length === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
    return 'W/"' + byteLength(body).toString(16) + '-' + native.sha1base64(body).substring(0, 27) + '"';
  }

  function setCharset(type, charset) {
    if (/;\s*charset=/i.test(type)) return type.replace(/charset=[^;]*/i, 'charset=' + charset);
    return type + '; charset=' + charset;
  }

  const MIME = {
    html: 'text/html', text: 'text/plain', txt: 'text/plain', json: 'application/json', js: 'application/javascript',
    css: 'text/css', xml: 'application/xml', form: 'application/x-www-form-urlencoded', png: 'image/png',
    bin: 'application/octet-stream',
  };
  function contentType(type) {
    const mime = type.includes('/') ? type : (MIME[type.replace(/^\./, '')] || 'application/octet-stream');
    return /^text\/|json|javascript/.test(mime) && !/charset/i.test(mime) ? mime + '; charset=utf-8' : mime;
  }

  // ---- query strings. qs 6.13 (Express 4's "extended" query parser and urlencoded's
  // extended: true): a[b][c]=1 nests, a[]=1 and a[0]=1 make arrays, indexes over arrayLimit
  // become keys, nesting stops at depth; __proto__ is never assigned.
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  function decodeComponent(s) {
    const plain = s.replace(/\+/g, ' ');
    try { return decodeURIComponent(plain); } catch (e) { return plain; }
  }
  function qsParse(str, options) {
    const opts = Object.assign({ depth: 5, arrayLimit: 20, parameterLimit: 1000, strictDepth: false }, options);
    if (typeof str !== 'string' || str === '') return {};
    const values = Object.create(null);
    const parts = str.replace(/^\?/, '').split('&', opts.parameterLimit === Infinity ? undefined : opts.parameterLimit);
    for (const part of parts) {
      const bracketEquals = part.indexOf(']=');
      const pos = bracketEquals === -1 ? part.indexOf('=') : bracketEquals + 1;
      const key = decodeComponent(pos === -1 ? part : part.slice(0, pos));
      const val = pos === -1 ? '' : decodeComponent(part.slice(pos + 1));
      values[key] = has(values, key) ? [].concat(values[key], val) : val;
    }
    let obj = {};
    for (const key of Object.keys(values)) obj = qsMerge(obj, qsParseKeys(key, values[key], opts));
    return qsCompact(obj);
  }
  function qsParseKeys(givenKey, val, opts) {
    if (!givenKey) return undefined;
    const child = /(\[[^[\]]*])/g;
    let segment = opts.depth > 0 && /(\[[^[\]]*])/.exec(givenKey);
    const parent = segment ? givenKey.slice(0, segment.index) : givenKey;
    const keys = [];
    if (parent) keys.push(parent);
    let i = 0;
    while (opts.depth > 0 && (segment = child.exec(givenKey)) !== null && i < opts.depth) {
      i += 1;
      keys.push(segment[1]);
    }
    if (segment) {
      if (opts.strictDepth) throw new RangeError('Input depth exceeded depth option of ' + opts.depth + ' and strictDepth is true');
      keys.push('[' + givenKey.slice(segment.index) + ']');
    }
    let leaf = val;
    for (let j = keys.length - 1; j >= 0; --j) {
      const root = keys[j];
      let obj;
      if (root === '[]') obj = [].concat(leaf);
      else {
        obj = {};
        const clean = root.charAt(0) === '[' && root.charAt(root.length - 1) === ']' ? root.slice(1, -1) : root;
        const index = parseInt(clean, 10);
        if (!isNaN(index) && root !== clean && String(index) === clean && index >= 0 && index <= opts.arrayLimit) {
          obj = [];
          obj[index] = leaf;
        } else if (clean !== '__proto__') obj[clean] = leaf;
      }
      leaf = obj;
    }
    return leaf;
  }
  function qsMerge(target, source) {
    if (!source) return target;
    if (typeof source !== 'object') {
      if (Array.isArray(target)) target.push(source);
      else if (target && typeof target === 'object') target[source] = true;
      else return [target, source];
      return target;
    }
    if (!target || typeof target !== 'object') return [target].concat(source);
    let mergeTarget = target;
    if (Array.isArray(target) && !Array.isArray(source)) {
      mergeTarget = {};
      for (let i = 0; i < target.length; ++i) if (typeof target[i] !== 'undefined') mergeTarget[i] = target[i];
    }
    if (Array.isArray(target) && Array.isArray(source)) {
      source.forEach((item, i) => {
        if (has(target, i)) {
          const t = target[i];
          if (t && typeof t === 'object' && item && typeof item === 'object') target[i] = qsMerge(t, item);
          else target.push(item);
        } else target[i] = item;
      });
      return target;
    }
    return Object.keys(source).reduce((acc, key) => {
      acc[key] = has(acc, key) ? qsMerge(acc[key], source[key]) : source[key];
      return acc;
    }, mergeTarget);
  }
  // Arrays lose their holes: a[1]=b&a[3]=c gives ['b', 'c'].
  function qsCompact(value) {
    if (Array.isArray(value)) return value.filter(v => typeof v !== 'undefined').map(qsCompact);
    if (value && typeof value === 'object') for (const k of Object.keys(value)) value[k] = qsCompact(value[k]);
    return value;
  }
  // Node's querystring.parse (the "simple" query parser, urlencoded's extended: false): flat
  // keys, repeats as arrays, a null-prototype object.
  function querystringParse(str, maxKeys) {
    const out = Object.create(null);
    if (typeof str !== 'string' || str.length === 0) return out;
    let parts = str.split('&');
    if (maxKeys > 0 && parts.length > maxKeys) parts = parts.slice(0, maxKeys);
    for (const part of parts) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const key = decodeComponent(eq === -1 ? part : part.slice(0, eq));
      const val = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
      if (!(key in out)) out[key] = val;
      else if (Array.isArray(out[key])) out[key].push(val);
      else out[key] = [out[key], val];
    }
    return out;
  }
  // Express's compileQueryParser: the 'query parser' setting as a function.
  function compileQueryParser(val) {
    if (typeof val === 'function') return val;
    if (val === true || val === 'simple') return (s) => querystringParse(s, 1000);
    if (val === false) return () => ({});
    if (val === 'extended') return (s) => qsParse(s, { allowPrototypes: true });
    throw new TypeError('unknown value for query parser function: ' + val);
  }

  // ---- path-to-regexp 0.1 (Express 4's path patterns): ":name", ":name?", "*", "(regex)".
  function pathRegexp(path, keys, options) {
    const end = options.end !== false;
    const strict = options.strict;
    const flags = options.sensitive ? '' : 'i';
    if (path instanceof RegExp) {
      let m; const groups = /\((?!\?)/g;
      while ((m = groups.exec(path.source))) keys.push({ name: keys.length, optional: false });
      return path;
    }
    if (Array.isArray(path)) {
      return new RegExp('(?:' + path.map(p => pathRegexp(p, keys, options).source).join('|') + ')', flags);
    }
    let extra = 0;
    let src = ('^' + path + (strict ? '' : path[path.length - 1] === '/' ? '?' : '/?'))
      .replace(/\/\(/g, '/(?:')
      .replace(/([\/\.])/g, '\\$1')
      .replace(/(\\\/)?(\\\.)?:(\w+)(\(.*?\))?(\*)?(\?)?/g, (match, slash, format, key, capture, star, optional) => {
        slash = slash || '';
        format = format || '';
        capture = capture || '([^\\/' + format + ']+?)';
        optional = optional || '';
        keys.push({ name: key, optional: !!optional });
        extra++;
        return '' + (optional ? '' : slash) + '(?:' + format + (optional ? slash : '') + capture + (star ? '((?:[\\/' + format + '].+?)?)' : '') + ')' + optional;
      })
      .replace(/\*/g, (star, index, str) => {
        keys.push({ name: keys.filter(k => typeof k.name === 'number').length, optional: false });
        return '(.*)';
      });
    src += end ? '$' : (src[src.length - 1] === '/' ? '' : '(?=\\/|$)');
    return new RegExp(src, flags);
  }

  function decodeParam(val) {
    if (typeof val !== 'string' || val.length === 0) return val;
    try { return decodeURIComponent(val); } catch (err) {
      if (err instanceof URIError) {
        err.message = "Failed to decode param '" + val + "'";
        err.status = err.statusCode = 400;
      }
      throw err;
    }
  }

  class Layer {
    constructor(path, options, fn) {
      this.handle = fn;
      this.name = fn.name || '<anonymous>';
      this.params = undefined;
      this.path = undefined;
      this.keys = [];
      this.regexp = pathRegexp(path, this.keys, options);
      this.regexp.fast_slash = path === '/' && options.end === false;
      this.regexp.fast_star = path === '*';
      this.route = undefined;
      this.routePath = path;
    }
    match(path) {
      if (path != null) {
        if (this.regexp.fast_slash) { this.params = {}; this.path = ''; return true; }
        if (this.regexp.fast_star) { this.params = { '0': decodeParam(path) }; this.path = path; return true; }
      }
      const m = path != null ? this.regexp.exec(path) : null;
      if (!m) { this.params = undefined; this.path = undefined; return false; }
      this.params = {};
      this.path = m[0];
      for (let i = 1; i < m.length; i++) {
        const key = this.keys[i - 1];
        const val = decodeParam(m[i]);
        if (key && (val !== undefined || !Object.prototype.hasOwnProperty.call(this.params, key.name))) this.params[key.name] = val;
      }
      return true;
    }
    handleError(error, req, res, next) {
      if (this.handle.length !== 4) return next(error);
      try { this.handle(error, req, res, next); } catch (err) { next(crumbs.nodeWording(err)); }
    }
    handleRequest(req, res, next) {
      if (this.handle.length > 3) return next();
      try { this.handle(req, res, next); } catch (err) { next(crumbs.nodeWording(err)); }
    }
  }

  class Route {
    constructor(path) { this.path = path; this.stack = []; this.methods = {}; }
    _handles_method(method) {
      if (this.methods._all) return true;
      let name = method.toLowerCase();
      if (name === 'head' && !this.methods.head) name = 'get';
      return Boolean(this.methods[name]);
    }
    dispatch(req, res, done) {
      let idx = 0;
      const stack = this.stack;
      if (stack.length === 0) return done();
      let method = req.method.toLowerCase();
      if (method === 'head' && !this.methods.head) method = 'get';
      req.route = this;
      const next = (err) => {
        if (err && err === 'route') return done();
        if (err && err === 'router') return done(err);
        const layer = stack[idx++];
        if (!layer) return done(err);
        if (layer.method && layer.method !== method) return next(err);
        if (err) layer.handleError(err, req, res, next);
        else layer.handleRequest(req, res, next);
      };
      next();
    }
  }
  for (const method of METHODS.concat(['all'])) {
    Route.prototype[method] = function (...handlers) {
      for (const handle of handlers.flat(Infinity)) {
        if (typeof handle !== 'function') {
          throw new TypeError(`Route.${method}() requires a callback function but got a ${Object.prototype.toString.call(handle)}`);
        }
        const layer = new Layer('/', {}, handle);
        layer.method = method === 'all' ? undefined : method;
        if (method === 'all') this.methods._all = true; else this.methods[method] = true;
        this.stack.push(layer);
      }
      return this;
    };
  }

  function Router(options) {
    const opts = options || {};
    function router(req, res, next) { router.handle(req, res, next); }
    Object.setPrototypeOf(router, RouterProto);
    router.params = {};
    router.caseSensitive = opts.caseSensitive;
    router.mergeParams = opts.mergeParams;
    router.strict = opts.strict;
    router.stack = [];
    return router;
  }

  // use([path], ...fns): a first argument that is not (an array of) functions is the path.
  function useArguments(who, fn, rest) {
    let path = '/';
    let fns = [fn, ...rest];
    if (typeof fn !== 'function') {
      let arg = fn;
      while (Array.isArray(arg) && arg.length !== 0) arg = arg[0];
      if (typeof arg !== 'function') { path = fn; fns = rest; }
    }
    fns = fns.flat(Infinity);
    if (fns.length === 0) throw new TypeError(`${who}() requires a middleware function`);
    for (const f of fns) {
      if (typeof f !== 'function') throw new TypeError(`${who}() requires a middleware function but got a ` + Object.prototype.toString.call(f));
    }
    return { path, fns };
  }

  const RouterProto = Object.create(Function.prototype);
  RouterProto.use = function (fn, ...rest) {
    const { path, fns } = useArguments('Router.use', fn, rest);
    for (const f of fns) {
      const layer = new Layer(path, { sensitive: this.caseSensitive, strict: false, end: false }, f);
      layer.route = undefined;
      this.stack.push(layer);
    }
    return this;
  };
  RouterProto.route = function (path) {
    const route = new Route(path);
    const layer = new Layer(path, { sensitive: this.caseSensitive, strict: this.strict, end: true }, (req, res, next) => route.dispatch(req, res, next));
    layer.route = route;
    this.stack.push(layer);
    return route;
  };
  for (const method of METHODS.concat(['all'])) {
    RouterProto[method] = function (path, ...handlers) {
      const route = this.route(path);
      route[method](...handlers);
      return this;
    };
  }
  RouterProto.param = function (name, fn) {
    (this.params[name] = this.params[name] || []).push(fn);
    return this;
  };
  RouterProto.handle = function (req, res, out) {
    let idx = 0;
    const protohost = '';
    let removed = '';
    let slashAdded = false;
    const parentParams = req.params;
    const parentUrl = req.baseUrl || '';
    const stack = this.stack;
    const self = this;
    req.next = next;
    req.baseUrl = parentUrl;
    req.originalUrl = req.originalUrl || req.url;
    const done = (err) => {
      req.baseUrl = parentUrl;
      req.next = out;
      req.params = parentParams;
      out(err);
    };
    function next(err) {
      let layerError = err === 'route' ? null : err;
      if (slashAdded) { req.url = req.url.slice(1); slashAdded = false; }
      if (removed.length !== 0) { req.baseUrl = parentUrl; req.url = protohost + removed + req.url.slice(protohost.length); removed = ''; }
      if (layerError === 'router') return setImmediate(done, null);
      if (idx >= stack.length) return setImmediate(done, layerError);
      const path = req.url.split('?')[0];
      let layer, match, route;
      while (match !== true && idx < stack.length) {
        layer = stack[idx++];
        try { match = layer.match(path); } catch (e) { match = false; layerError = layerError || e; }
        route = layer.route;
        if (match !== true) continue;
        if (!route) continue;
        if (layerError) { match = false; continue; }
        const method = req.method;
        if (!route._handles_method(method)) match = false;
      }
      if (match !== true) return done(layerError);
      if (route) req.route = route;
      req.params = self.mergeParams ? Object.assign({}, parentParams, layer.params) : layer.params;
      const layerPath = layer.path;
      const proceed = (perr) => {
        if (perr) return next(layerError || perr);
        if (route) return layer.handleRequest(req, res, next);
        trimPrefix(layer, layerError, layerPath, path);
      };
      processParams(self, layer, req, res, proceed);
    }
    function trimPrefix(layer, layerError, layerPath, path) {
      if (layerPath.length !== 0) {
        if (layerPath !== path.slice(0, layerPath.length)) return next(layerError);
        const c = path[layerPath.length];
        if (c && c !== '/' && c !== '.') return next(layerError);
        removed = layerPath;
        req.url = protohost + req.url.slice(protohost.length + removed.length);
        if (!protohost && req.url[0] !== '/') { req.url = '/' + req.url; slashAdded = true; }
        req.baseUrl = parentUrl + (removed[removed.length - 1] === '/' ? removed.substring(0, removed.length - 1) : removed);
      }
      if (layerError) layer.handleError(layerError, req, res, next);
      else layer.handleRequest(req, res, next);
    }
    next();
  };

  function processParams(router, layer, req, res, done) {
    const keys = layer.keys.filter(k => router.params[k.name]);
    let i = 0;
    const called = req.__paramsCalled || (req.__paramsCalled = {});
    function nextParam(err) {
      if (err) return done(err);
      const key = keys[i++];
      if (!key) return done();
      const value = req.params[key.name];
      if (value === undefined || called[key.name] === value) return nextParam();
      called[key.name] = value;
      const fns = router.params[key.name].slice();
      const run = (e) => {
        if (e) return done(e);
        const fn = fns.shift();
        if (!fn) return nextParam();
        try { fn(req, res, run, value, key.name); } catch (ex) { run(ex); }
      };
      run();
    }
    nextParam();
  }

  // ---- the final handler: 404 "Cannot GET /x", or the error's status with its stack
  function htmlDocument(message) {
    const body = escapeHtml(message).replace(/\n/g, '<br>').replace(/\x20{2}/g, ' &nbsp;');
    return '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>' + body + '</pre>\n</body>\n</html>\n';
  }
  // finalhandler 1.3: the status from err.status, err.statusCode, res.statusCode (each only
  // within 400-599) or 500; headers already set stay (X-Powered-By among them).
  function finalHandler(req, res, app) {
    return function (err) {
      if (res.headersSent) { if (err) native.log('error', crumbs.stackOf(err), req.__crumbsId); return; }
      let status, msg, headers;
      if (err) {
        const own = (v) => typeof v === 'number' && v >= 400 && v < 600 ? v : undefined;
        status = own(err.status) || own(err.statusCode);
        if (status === undefined) status = own(res.statusCode) || 500;
        else headers = err.headers;
        const production = app.get('env') === 'production';
        msg = production ? (STATUS[status] || String(status)) : crumbs.stackOf(err);
        if (app.get('env') !== 'test') native.log('error', crumbs.stackOf(err), req.__crumbsId);
        native.why(req.__crumbsId, 'express', `error: ${err && err.message ? err.message : err}: answered ${status} by the default error handler`);
      } else {
        status = 404;
        msg = 'Cannot ' + req.method + ' ' + encodeUrl(req.originalUrl.split('?')[0]);
        native.why(req.__crumbsId, 'express', `no route matched ${req.method} ${req.originalUrl.split('?')[0]}: 404`);
      }
      const body = htmlDocument(msg);
      res.statusCode = status;
      res.statusMessage = STATUS[status] || '';
      for (const name of ['Content-Encoding', 'Content-Language', 'Content-Range']) res.removeHeader(name);
      if (headers && typeof headers === 'object') for (const key of Object.keys(headers)) res.setHeader(key, headers[key]);
      res.setHeader('Content-Security-Policy', "default-src 'none'");
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Content-Length', byteLength(body));
      res.end(req.method === 'HEAD' ? undefined : body);
    };
  }
  crumbs.stackOf = (err) => (err instanceof Error || (err && err.stack)) ? crumbs.stack(err) : String(err);

  // ---- Node's http.ServerResponse, as far as Express uses it
  // lib/_http_common.js: a header name is a token (RFC 9110 §5.6.2); a value or status message
  // holds no control character but tab.
  const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
  const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
  // Array.prototype.join as it was before app code ran (app code may replace it).
  const arrayJoin = Array.prototype.join;
  const shown = (v) => { try { return String(v); } catch (e) { return typeof v; } };
  function validateHeader(name, value) {
    if (typeof name !== 'string' || !name || !TOKEN.test(name)) {
      throw crumbs.nodeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${shown(name)}"]`);
    }
    if (value === undefined) {
      throw crumbs.nodeError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${shown(value)}" for header "${name}"`);
    }
    if (!Array.isArray(value)) return validateValue(name, value);
    for (let i = 0; i < value.length; i++) validateValue(name, value[i]);
  }
  function validateValue(name, v) {
    if (INVALID_HEADER_CHAR.test(String(v))) {
      throw crumbs.nodeError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
    }
  }
  class ServerResponse {
    constructor(id, req) {
      this.__crumbsId = id;
      this.statusCode = 200;
      this.statusMessage = undefined;
      this._headers = new Map();
      this.headersSent = false;
      this.finished = false;
      this.writableEnded = false;
      this._chunks = [];
      this._onHeaders = [];
      this.req = req;
      this.locals = Object.create(null);
    }
    setHeader(name, value) {
      if (this.headersSent) throw crumbs.nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
      if (Array.isArray(value)) value = value.map(String);
      validateHeader(name, value);
      this._headers.set(name.toLowerCase(), [name, value]);
      return this;
    }
    getHeader(name) { const h = this._headers.get(String(name).toLowerCase()); return h ? h[1] : undefined; }
    getHeaders() { const o = Object.create(null); for (const [k, [, v]] of this._headers) o[k] = v; return o; }
    getHeaderNames() { return [...this._headers.keys()]; }
    hasHeader(name) { return this._headers.has(String(name).toLowerCase()); }
    removeHeader(name) {
      if (this.headersSent) throw crumbs.nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot remove headers after they are sent to the client');
      this._headers.delete(String(name).toLowerCase());
    }
    writeHead(status, reason, headers) {
      if (typeof reason === 'object') { headers = reason; reason = undefined; }
      this.statusCode = status;
      if (reason) this.statusMessage = reason;
      if (headers) for (const k of Object.keys(headers)) this.setHeader(k, headers[k]);
      this._sendHeaders();
      return this;
    }
    _sendHeaders() {
      if (this.headersSent) return;
      const hooks = this._onHeaders.splice(0).reverse();
      for (const hook of hooks) hook.call(this);
      // lib/_http_server.js writeHead: the status is truncated to an integer from 100 to 999.
      const original = this.statusCode;
      const code = original | 0;
      if (code < 100 || code > 999) {
        throw crumbs.nodeError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${shown(original)}`);
      }
      this.statusCode = code;
      if (this.statusMessage !== undefined && INVALID_HEADER_CHAR.test(shown(this.statusMessage))) {
        throw crumbs.nodeError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in statusMessage');
      }
      this.headersSent = true;
    }
    write(chunk) {
      if (this.writableEnded) throw new Error('write after end');
      if (!this.headersSent) this._sendHeaders();
      if (chunk !== undefined && chunk !== null) this._chunks.push(String(chunk));
      return true;
    }
    end(chunk, encoding, cb) {
      if (typeof chunk === 'function') { cb = chunk; chunk = undefined; }
      if (this.writableEnded) return this;
      // Node's http: 204, 304 and 1xx responses have no body, so no Content-Length either.
      const bodiless = this.statusCode === 204 || this.statusCode === 304 || (this.statusCode >= 100 && this.statusCode < 200);
      if (bodiless) chunk = undefined;
      const hasChunk = chunk !== undefined && chunk !== null;
      if (bodiless) {
        // nothing to measure
      } else if (hasChunk) {
        chunk = String(chunk);
        if (!this.headersSent && !this.hasHeader('content-length') && this._chunks.length === 0) {
          this.setHeader('Content-Length', byteLength(chunk));
        }
      } else if (!this.headersSent && !this.hasHeader('content-length') && this._chunks.length === 0 && !this.hasHeader('transfer-encoding')) {
        this.setHeader('Content-Length', 0);
      }
      this._sendHeaders();
      if (hasChunk) this._chunks.push(chunk);
      this.writableEnded = true;
      this.finished = true;
      // Names and values in turn; indexed loops, no destructuring: this runs for every response.
      const headers = [];
      for (const header of this._headers.values()) {
        const name = header[0], value = header[1];
        if (!Array.isArray(value)) headers.push(name, String(value));
        else for (let i = 0; i < value.length; i++) headers.push(name, String(value[i]));
      }
      // The same list as lines too: one string to cross, not one a name and one a value.
      native.respond(this.__crumbsId, this.statusCode, String(this.statusMessage || STATUS[this.statusCode] || ''), headers,
        arrayJoin.call(headers, '\n'), this._chunks.join(''));
      if (typeof cb === 'function') setImmediate(cb);
      return this;
    }
    on() { return this; }
    once() { return this; }
    emit() { return false; }
  }

  // ---- express
  function createApplication() {
    const app = function (req, res, next) { app.handle(req, res, next); };
    Object.setPrototypeOf(app, AppProto);
    app.settings = {};
    app.locals = Object.create(null);
    app.locals.settings = app.settings;
    app.mountpath = '/';
    app._router = undefined;
    app.set('x-powered-by', true);
    app.set('etag', 'weak');
    app.set('env', globalThis.process.env.NODE_ENV || 'development');
    app.set('query parser', 'extended');
    app.set('subdomain offset', 2);
    app.set('trust proxy', false);
    app.set('jsonp callback name', 'callback');
    crumbs.apps.push(app);
    return guarded(app, 'app', () => 'use, get, post, put, patch, delete, all, route, param, listen, set, get, enable, disable, locals');
  }

  const AppProto = Object.create(Function.prototype);
  AppProto.lazyrouter = function () {
    if (!this._router) {
      this._router = Router({ caseSensitive: this.enabled('case sensitive routing'), strict: this.enabled('strict routing') });
      const app = this;
      // The parser is picked once, when the router is created (Express's query middleware).
      const parse = this.get('query parser fn');
      this._router.use(function query(req, res, next) {
        if (!req.query) {
          const mark = req.url.indexOf('?');
          req.query = parse(mark === -1 ? null : req.url.slice(mark + 1));
        }
        next();
      });
      this._router.use(function expressInit(req, res, next) {
        if (app.enabled('x-powered-by')) res.setHeader('X-Powered-By', 'Express');
        req.res = res; res.req = req; req.next = next;
        // Express puts the app on req's prototype: it is not an own, enumerable property.
        Object.defineProperty(req, 'app', { value: app, writable: true, configurable: true, enumerable: false });
        res.locals = res.locals || Object.create(null);
        next();
      });
    }
  };
  AppProto.handle = function (req, res, callback) {
    const done = callback || finalHandler(req, res, this);
    // An app with no routes has no router: its 404 comes without X-Powered-By.
    if (!this._router) return done();
    this._router.handle(req, res, done);
  };
  AppProto.use = function (fn, ...rest) {
    const { path, fns } = useArguments('app.use', fn, rest);
    this.lazyrouter();
    for (const f of fns) {
      if (!f.handle || !f.set) { this._router.use(path, f); continue; }
      const parent = this;
      f.mountpath = path;
      f.parent = parent;
      if (f.__trustProxyDefault) f.settings['trust proxy fn'] = parent.settings['trust proxy fn'];
      this._router.use(path, function mounted_app(req, res, next) {
        const outer = req.app;
        f.handle(req, res, (err) => { req.app = outer; next(err); });
      });
    }
    native.why(0, 'express', `app.use(${typeof path === 'string' && path !== '/' ? "'" + path + "', " : ''}${fns.map(f => f.name || 'anonymous').join(', ')})`);
    return this;
  };
  AppProto.route = function (path) { this.lazyrouter(); return this._router.route(path); };
  AppProto.param = function (name, fn) { this.lazyrouter(); this._router.param(name, fn); return this; };
  AppProto.set = function (setting, val) {
    if (arguments.length === 1) return this.settings[setting];
    this.settings[setting] = val;
    // Express compiles these two into functions when they are set.
    if (setting === 'query parser') this.settings['query parser fn'] = compileQueryParser(val);
    if (setting === 'trust proxy') {
      // A sub-app that never sets it inherits its parent's when it is mounted.
      this.__trustProxyDefault = !('trust proxy fn' in this.settings);
      this.settings['trust proxy fn'] = compileTrust(val);
    }
    return this;
  };
  AppProto.enabled = function (s) { return Boolean(this.set(s)); };
  AppProto.disabled = function (s) { return !this.set(s); };
  AppProto.enable = function (s) { return this.set(s, true); };
  AppProto.disable = function (s) { return this.set(s, false); };
  for (const method of METHODS.concat(['all'])) {
    AppProto[method] = function (path, ...handlers) {
      if (method === 'get' && arguments.length === 1) return this.set(path);
      this.lazyrouter();
      const route = this._router.route(path);
      route[method](...handlers);
      crumbs.routes.push({ method: method.toUpperCase(), path: String(path) });
      return this;
    };
  }
  AppProto.listen = function (...args) {
    let cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    const port = args[0] === undefined ? 0 : Number(args[0]);
    const host = typeof args[1] === 'string' ? args[1] : undefined;
    crumbs.listening = { app: this, port, host, callback: cb };
    return { close(fn) { if (fn) setImmediate(fn); }, address() { return { port: crumbs.boundPort || port, address: host || '127.0.0.1', family: 'IPv4' }; }, on() { return this; } };
  };

  // ---- req: the properties and helpers Express adds
  function makeRequest(id, method, url, headersFlat, body, remote) {
    const headers = Object.create(null);
    const rawHeaders = [];
    // One string, names and values in turn with a line feed between them; an array when a
    // value holds one itself (ExpressRuntime.headerList).
    const flat = typeof headersFlat === 'string' ? (headersFlat === '' ? [] : headersFlat.split('\n')) : headersFlat;
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const name = flat[i], value = flat[i + 1];
      const key = name.toLowerCase();
      rawHeaders.push(name, value);
      if (key === 'set-cookie') (headers[key] = headers[key] || []).push(value);
      else if (key === 'cookie') headers[key] = headers[key] === undefined ? value : headers[key] + '; ' + value;
      else if (headers[key] === undefined) headers[key] = value;
      else headers[key] += ', ' + value;
    }
    // app.listen(port) without a host listens on :: (dual stack), where Node sees an IPv4
    // client as an IPv4-mapped IPv6 address.
    if (crumbs.listening && crumbs.listening.host === undefined && isIPv4Text(remote)) remote = '::ffff:' + remote;
    const req = Object.create(RequestProto);
    Object.assign(req, {
      __crumbsId: id, method, url, originalUrl: url, headers, rawHeaders, httpVersion: '1.1',
      params: {}, baseUrl: '', query: undefined, body: undefined, _rawBody: body,
      socket: { remoteAddress: remote, encrypted: false }, connection: { remoteAddress: remote, encrypted: false },
    });
    return req;
  }
  const RequestProto = {
    get(name) {
      const lc = String(name).toLowerCase();
      if (lc === 'referer' || lc === 'referrer') return this.headers.referrer || this.headers.referer;
      return this.headers[lc];
    },
    header(name) { return this.get(name); },
    is(type) {
      const ct = (this.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
      if (!ct) return null;
      const types = [].concat(type).flat();
      for (const t of types) {
        const mime = t.includes('/') ? t : MIME[t] || t;
        if (mime === ct || (mime.endsWith('/*') && ct.startsWith(mime.slice(0, -1)))) return t;
      }
      return false;
    },
    accepts(...types) {
      types = types.flat();
      const accept = this.headers.accept;
      if (types.length === 0) {
        // Every type the client accepts, best first (negotiator's mediaTypes()).
        return (accept === undefined ? '*/*' : accept).split(',').map((t, i) => parseMediaRange(t, i)).filter(r => r && r.q > 0)
          .sort((a, b) => (b.q - a.q) || (a.i - b.i)).map(r => r.type + '/' + r.subtype);
      }
      if (!accept) return types[0];
      const mimes = types.map(mimeOf);
      const first = preferredMediaTypes(accept, mimes.filter(Boolean))[0];
      return first ? types[mimes.indexOf(first)] : false;
    },
    get path() { return this.url.split('?')[0]; },
    get _trust() {
      const app = this.app || (crumbs.listening ? crumbs.listening.app : crumbs.apps[crumbs.apps.length - 1]);
      return (app && app.get('trust proxy fn')) || (() => false);
    },
    get protocol() {
      const proto = this.socket.encrypted ? 'https' : 'http';
      if (!this._trust(this.socket.remoteAddress, 0)) return proto;
      const header = this.headers['x-forwarded-proto'] || proto;
      const index = header.indexOf(',');
      return index !== -1 ? header.substring(0, index).trim() : header.trim();
    },
    get secure() { return this.protocol === 'https'; },
    get ip() {
      const list = forwardedAddresses(this, this._trust);
      return list[list.length - 1];
    },
    get ips() {
      const list = forwardedAddresses(this, this._trust);
      list.reverse().pop();
      return list;
    },
    get hostname() {
      let host = this.headers['x-forwarded-host'];
      if (!host || !this._trust(this.socket.remoteAddress, 0)) host = this.headers.host;
      else if (host.indexOf(',') !== -1) host = host.substring(0, host.indexOf(',')).trimEnd();
      if (!host) return undefined;
      const offset = host[0] === '[' ? host.indexOf(']') + 1 : 0;
      const index = host.indexOf(':', offset);
      return index !== -1 ? host.substring(0, index) : host;
    },
    get host() { deprecate('req.host: Use req.hostname instead'); return this.hostname; },
    get xhr() { return (this.headers['x-requested-with'] || '').toLowerCase() === 'xmlhttprequest'; },
    get fresh() {
      if (this.method !== 'GET' && this.method !== 'HEAD') return false;
      const s = this.res.statusCode;
      if (!((s >= 200 && s < 300) || s === 304)) return false;
      return isFresh(this.headers, this.res.getHeader('ETag'), this.res.getHeader('Last-Modified'));
    },
    get stale() { return !this.fresh; },
    get subdomains() {
      const hostname = this.hostname;
      if (!hostname) return [];
      const app = this.app;
      const offset = app ? app.get('subdomain offset') : 2;
      return (ipBytes(hostname.replace(/^\[|\]$/g, '')) ? [hostname] : hostname.split('.').reverse()).slice(offset);
    },
    on() { return this; },
    once() { return this; },
  };

  // ---- res: Express's response helpers
  const ResponseProto = Object.create(ServerResponse.prototype);
  Object.assign(ResponseProto, {
    status(code) { this.statusCode = code; return this; },
    set(field, val) {
      if (arguments.length === 2) {
        let value = Array.isArray(val) ? val.map(String) : String(val);
        if (String(field).toLowerCase() === 'content-type') {
          if (Array.isArray(value)) throw new TypeError('Content-Type cannot be set to an Array');
          if (!/;\s*charset\s*=/.test(value)) value = contentType(value);
        }
        this.setHeader(field, value);
      } else {
        for (const key of Object.keys(field)) this.set(key, field[key]);
      }
      return this;
    },
    header(field, val) { return arguments.length === 2 ? this.set(field, val) : this.set(field); },
    get(field) { return this.getHeader(field); },
    append(field, val) {
      const prev = this.get(field);
      let value = val;
      if (prev) value = [].concat(prev, val);
      return this.set(field, value);
    },
    type(type) { return this.set('Content-Type', type.includes('/') ? type : contentType(type)); },
    contentType(type) { return this.type(type); },
    location(url) {
      let loc;
      if (url === 'back') {
        deprecate('res.location("back"): use res.location(req.get("Referrer") || "/") and refer to https://dub.sh/security-redirect for best practices');
        loc = this.req.get('Referrer') || '/';
      } else loc = String(url);
      return this.set('Location', encodeUrl(loc));
    },
    links(links) {
      const cur = this.get('Link') || '';
      return this.set('Link', cur + Object.keys(links).map(rel => '<' + links[rel] + '>; rel="' + rel + '"').join(', '));
    },
    vary(field) {
      const cur = this.get('Vary');
      if (!cur) this.set('Vary', field);
      else if (!cur.split(/\s*,\s*/).map(s => s.toLowerCase()).includes(field.toLowerCase())) this.set('Vary', cur + ', ' + field);
      return this;
    },
    send(body) {
      let chunk = body;
      const req = this.req;
      const app = crumbs.listening ? crumbs.listening.app : null;
      if (arguments.length === 2) {
        if (typeof arguments[0] !== 'number' && typeof arguments[1] === 'number') {
          deprecate('res.send(body, status): Use res.status(status).send(body) instead');
          this.statusCode = arguments[1];
        } else {
          deprecate('res.send(status, body): Use res.status(status).send(body) instead');
          this.statusCode = arguments[0];
          chunk = arguments[1];
        }
      }
      switch (typeof chunk) {
        case 'string':
          if (!this.get('Content-Type')) this.type('html');
          break;
        case 'boolean':
        case 'number':
        case 'object':
          if (chunk === null) chunk = '';
          else if (typeof chunk === 'number' && arguments.length === 1) {
            if (!this.get('Content-Type')) this.type('txt');
            deprecate('res.send(status): Use res.sendStatus(status) instead');
            this.statusCode = chunk;
            chunk = STATUS[chunk];
            break;
          } else return this.json(chunk);
          break;
      }
      if (typeof chunk === 'string') {
        const type = this.get('Content-Type');
        if (typeof type === 'string') this.set('Content-Type', setCharset(type, 'utf-8'));
      }
      let len;
      if (chunk !== undefined) {
        len = byteLength(chunk);
        this.set('Content-Length', len);
      }
      if (len !== undefined && !this.get('ETag') && (!app || app.get('etag') !== false)) {
        this.set('ETag', etag(chunk));
      }
      if (req && req.fresh) this.statusCode = 304;
      if (this.statusCode === 204 || this.statusCode === 304) {
        this.removeHeader('Content-Type');
        this.removeHeader('Content-Length');
        this.removeHeader('Transfer-Encoding');
        chunk = '';
      }
      if (this.statusCode === 205) { this.set('Content-Length', '0'); this.removeHeader('Transfer-Encoding'); chunk = ''; }
      if (req && req.method === 'HEAD') this.end();
      else this.end(chunk);
      return this;
    },
    json(obj) {
      if (arguments.length === 2) {
        if (typeof arguments[1] === 'number') {
          deprecate('res.json(obj, status): Use res.status(status).json(obj) instead');
          this.statusCode = arguments[1];
        } else {
          deprecate('res.json(status, obj): Use res.status(status).json(obj) instead');
          this.statusCode = arguments[0];
          obj = arguments[1];
        }
      }
      const body = obj === undefined ? undefined : JSON.stringify(obj);
      if (!this.get('Content-Type')) this.set('Content-Type', 'application/json');
      return this.send(body === undefined ? '' : body);
    },
    jsonp(obj) { return this.json(obj); },
    sendStatus(code) {
      const body = STATUS[code] || String(code);
      this.statusCode = code;
      this.type('txt');
      return this.send(body);
    },
    redirect(url) {
      let address = url;
      let status = 302;
      let body;
      if (arguments.length === 2) {
        if (typeof arguments[0] === 'number') { status = arguments[0]; address = arguments[1]; }
        else { deprecate('res.redirect(url, status): Use res.redirect(status, url) instead'); status = arguments[1]; }
      }
      address = this.location(address).get('Location');
      // The body follows Accept: text first, html when asked for, else empty.
      this.format({
        text: () => { body = STATUS[status] + '. Redirecting to ' + address; },
        html: () => { body = '<p>' + STATUS[status] + '. Redirecting to ' + escapeHtml(address) + '</p>'; },
        default: () => { body = ''; },
      });
      this.statusCode = status;
      this.set('Content-Length', byteLength(body));
      if (this.req.method === 'HEAD') this.end(); else this.end(body);
    },
    cookie(name, value, options) {
      const opts = Object.assign({}, options);
      const secret = this.req.secret;
      const signed = opts.signed;
      if (signed && !secret) throw new Error('cookieParser("secret") required for signed cookies');
      let val = typeof value === 'object' ? 'j:' + JSON.stringify(value) : String(value);
      if (signed) val = 's:' + crumbs.require('cookie-signature').sign(val, secret);
      if (opts.maxAge != null) {
        const maxAge = opts.maxAge - 0;
        if (!isNaN(maxAge)) {
          opts.expires = new Date(Date.now() + maxAge);
          opts.maxAge = Math.floor(maxAge / 1000);
        }
      }
      if (opts.path == null) opts.path = '/';
      const header = crumbs.require('cookie').serialize(name, String(val), opts);
      this.append('Set-Cookie', header);
      native.why(this.__crumbsId, 'express', `res.cookie('${name}'): Set-Cookie: ${header}`);
      return this;
    },
    clearCookie(name, options) {
      if (options) {
        if (options.maxAge) deprecate('res.clearCookie: Passing "options.maxAge" is deprecated. In v5.0.0 of Express, this option will be ignored, as res.clearCookie will automatically set cookies to expire immediately. Please update your code to omit this option.');
        if (options.expires) deprecate('res.clearCookie: Passing "options.expires" is deprecated. In v5.0.0 of Express, this option will be ignored, as res.clearCookie will automatically set cookies to expire immediately. Please update your code to omit this option.');
      }
      const opts = Object.assign({ expires: new Date(1), path: '/' }, options);
      return this.cookie(name, '', opts);
    },
    format(obj) {
      const req = this.req;
      const next = req.next;
      const keys = Object.keys(obj).filter(k => k !== 'default');
      const key = keys.length > 0 ? req.accepts(keys) : false;
      this.vary('Accept');
      if (key) {
        this.set('Content-Type', mimeOf(key) || key);
        obj[key](req, this, next);
      } else if (obj.default) {
        obj.default(req, this, next);
      } else {
        // http-errors' NotAcceptableError
        const err = new Error('Not Acceptable');
        Object.defineProperty(err, 'name', { value: 'NotAcceptableError', enumerable: false, configurable: true, writable: true });
        err.status = err.statusCode = 406;
        err.expose = true;
        err.types = keys.map(k => mimeOf(k) || k);
        next(err);
      }
      return this;
    },
  });
  for (const missing of ['render', 'sendFile', 'sendfile', 'download', 'attachment']) {
    ResponseProto[missing] = function () {
      throw new TypeError(`res.${missing}() is not available in crumbs: lessons answer with res.send(), res.json() or res.redirect()`);
    };
  }

  // ---- body parsers
  // body-parser's `limit` (the bytes package: a number of bytes, or "100kb", "1mb", …).
  function byteLimit(limit) {
    if (limit === undefined || limit === null) return 102400;
    if (typeof limit === 'number') return limit;
    const m = /^((?:\d+)?\.?\d+)\s*(b|kb|mb|gb|tb|pb)?$/i.exec(String(limit).trim());
    if (!m) return 102400;
    const unit = { b: 1, kb: 1 << 10, mb: 1 << 20, gb: 1 << 30, tb: 2 ** 40, pb: 2 ** 50 }[(m[2] || 'b').toLowerCase()];
    return Math.floor(parseFloat(m[1]) * unit);
  }
  // body-parser answers with http-errors' PayloadTooLargeError (413).
  function tooLarge(message, type, extra) {
    const err = new Error(message);
    Object.defineProperty(err, 'name', { value: 'PayloadTooLargeError', configurable: true, writable: true });
    err.status = err.statusCode = 413; err.type = type; err.expose = true;
    return Object.assign(err, extra);
  }
  function checkLength(req, limit) {
    const length = byteLength(req._rawBody);
    return length > limit ? tooLarge('request entity too large', 'entity.too.large', { expected: length, length, limit }) : null;
  }
  function jsonParser(options) {
    const opts = options || {};
    const limit = byteLimit(opts.limit);
    const strict = opts.strict !== false;
    const type = opts.type || 'application/json';
    return function jsonParser(req, res, next) {
      if (req._body) return next();
      req.body = req.body || {};
      if (!req._rawBody || !req.is(type)) return next();
      req._body = true;
      const overLimit = checkLength(req, limit);
      if (overLimit) return next(overLimit);
      const raw = req._rawBody;
      if (strict && raw.trim() !== '' && !/^[\x20\x09\x0a\x0d]*[\[{]/.test(raw)) {
        // body-parser's strict check: V8's message for the first character, as JSON.parse
        // gives it for the text with everything from there on masked.
        const first = raw.search(/[^\x20\x09\x0a\x0d]/);
        const err = new SyntaxError(crumbs.unexpectedTokenMessage(raw, first, true));
        err.status = err.statusCode = 400; err.type = 'entity.parse.failed'; err.body = raw; err.expose = true;
        return next(err);
      }
      try {
        req.body = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch (e) {
        const err = new SyntaxError(e.message);
        err.status = err.statusCode = 400; err.type = 'entity.parse.failed'; err.body = raw; err.expose = true;
        return next(err);
      }
      next();
    };
  }
  function urlencodedParser(options) {
    const opts = options || {};
    if (opts.extended === undefined) {
      deprecate('undefined extended: provide extended option', 'body-parser');
    }
    const type = opts.type || 'application/x-www-form-urlencoded';
    const limit = byteLimit(opts.limit);
    const parameterLimit = opts.parameterLimit === undefined ? 1000 : opts.parameterLimit;
    return function urlencodedParser(req, res, next) {
      if (req._body) return next();
      req.body = req.body || {};
      if (!req._rawBody || !req.is(type)) return next();
      req._body = true;
      const overLimit = checkLength(req, limit);
      if (overLimit) return next(overLimit);
      // body-parser's parameterCount: more than parameterLimit pairs is refused.
      if (req._rawBody.split('&').length > parameterLimit) {
        return next(tooLarge('too many parameters', 'parameters.too.many'));
      }
      req.body = opts.extended === false
        ? querystringParse(req._rawBody, parameterLimit)
        : qsParse(req._rawBody, { allowPrototypes: true, arrayLimit: Math.max(100, (req._rawBody.match(/&/g) || []).length), depth: 32, strictDepth: true });
      next();
    };
  }

  crumbs.apps = [];
  crumbs.routes = [];
  crumbs.listening = null;

  // Called by the host for each request; the response goes back through native.respond.
  crumbs.handle = function (id, method, url, headersFlat, body, remote) {
    const entry = crumbs.listening || (crumbs.apps.length ? { app: crumbs.apps[crumbs.apps.length - 1] } : null);
    const req = makeRequest(id, method, url, headersFlat, body, remote);
    const res = new ServerResponse(id, req);
    Object.setPrototypeOf(res, ResponseProto);
    req.res = res;
    // The request's context stays current after this call: see withContext in the prelude.
    crumbs.current = { id };
    if (!entry) {
      native.why(id, 'express', 'the code creates no Express app: nothing answers');
      return;
    }
    entry.app(req, res);
  };

  define('express', (module) => {
    const express = createApplication;
    express.Router = (options) => guarded(Router(options), 'router', () => 'use, get, post, put, patch, delete, all, route, param');
    express.Route = Route;
    express.json = jsonParser;
    express.urlencoded = urlencodedParser;
    express.text = (options) => {
      const limit = byteLimit((options || {}).limit);
      return function textParser(req, res, next) {
        req.body = req.body || {};
        if (req._rawBody && req.is('text/*')) {
          const overLimit = checkLength(req, limit);
          if (overLimit) return next(overLimit);
          req.body = req._rawBody;
        }
        next();
      };
    };
    express.static = (root) => { throw new TypeError(`express.static('${root}') is not available in crumbs: lesson servers have no files`); };
    express.application = AppProto;
    express.request = RequestProto;
    express.response = ResponseProto;
    module.exports = guarded(express, 'express', () => 'express(), Router, json, urlencoded, text');
  });
  define('body-parser', (module) => {
    module.exports = { json: jsonParser, urlencoded: urlencodedParser };
  });
})(globalThis.__crumbs);
