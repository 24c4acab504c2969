(function (define, native) {
  'use strict';

  define('cookie', (module) => {
    const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;             // RFC 7230 token
    // cookie's /^("?)[…]*\1$/ (a cookie-octet run, or one in double quotes), written without the
    // back-reference: JavaScriptCore's regular-expression compiler leaves a pattern with one to
    // its interpreter, several times slower on a signed session id.
    const valueRe = /^(?:"[\u0021\u0023-\u002B\u002D-\u003A\u003C-\u005B\u005D-\u007E]*"|[\u0021\u0023-\u002B\u002D-\u003A\u003C-\u005B\u005D-\u007E]*)$/;
    const domainRe = /^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
    const pathRe = /^[\u0020-\u003A\u003D-\u007E]*$/;

    function decode(str) {
      return str.indexOf('%') !== -1 ? decodeURIComponent(str) : str;
    }
    function tryDecode(str, dec) {
      try { return dec(str); } catch (e) { return str; }
    }
    function trimWS(s) { return s.replace(/^[ \t]+|[ \t]+$/g, ''); }
    function isDate(v) { return Object.prototype.toString.call(v) === '[object Date]'; }

    // cookie.parse: split on ";", then at the first "="; first occurrence wins (§1 parse).
    function parse(str, opt) {
      if (typeof str !== 'string') throw new TypeError('argument str must be a string');
      const obj = {};
      const len = str.length;
      if (len < 2) return obj;
      const dec = (opt && opt.decode) || decode;
      let index = 0;
      do {
        const eqIdx = str.indexOf('=', index);
        if (eqIdx === -1) break;
        let colonIdx = str.indexOf(';', index);
        let endIdx = colonIdx === -1 ? len : colonIdx;
        if (eqIdx > endIdx) { index = str.lastIndexOf(';', eqIdx - 1) + 1; continue; }
        const key = trimWS(str.slice(index, eqIdx));
        if (!Object.prototype.hasOwnProperty.call(obj, key)) {
          let val = trimWS(str.slice(eqIdx + 1, endIdx));
          if (val.charCodeAt(0) === 0x22 && val.charCodeAt(val.length - 1) === 0x22) val = val.slice(1, -1);
          obj[key] = tryDecode(val, dec);
        }
        index = endIdx + 1;
      } while (index < len);
      return obj;
    }

    // The last string encoded with encodeURIComponent and found valid, and the last Expires
    // text with the second it stands for: a session cookie sends the same signed id, and an
    // Expires within the same second, response after response. Both are pure functions of
    // what is kept, so the text is the same as made afresh.
    // Kept only for the standard functions (an app may replace the globals).
    let encodedFrom, encoded;
    let utcSecond = NaN, utcText;
    const standardEncode = encodeURIComponent;
    const dateValueOf = Date.prototype.valueOf, dateToUTCString = Date.prototype.toUTCString;

    // cookie.serialize: attributes in a fixed order (§1 serialize).
    function serialize(name, val, opt) {
      const o = opt || {};
      const enc = o.encode || encodeURIComponent;
      if (typeof enc !== 'function') throw new TypeError('option encode is invalid');
      if (!tokenRe.test(name)) throw new TypeError('argument name is invalid');
      let value;
      if (enc === standardEncode && typeof val === 'string' && val === encodedFrom) {
        value = encoded;
      } else {
        value = enc(val);
        if (!valueRe.test(value)) throw new TypeError('argument val is invalid');
        if (enc === standardEncode && typeof val === 'string') { encodedFrom = val; encoded = value; }
      }
      let str = name + '=' + value;
      if (o.maxAge != null) {
        const maxAge = o.maxAge - 0;
        if (!isFinite(maxAge)) throw new TypeError('option maxAge is invalid');
        str += '; Max-Age=' + Math.floor(maxAge);
      }
      if (o.domain) {
        if (!domainRe.test(o.domain)) throw new TypeError('option domain is invalid');
        str += '; Domain=' + o.domain;
      }
      if (o.path) {
        if (!pathRe.test(o.path)) throw new TypeError('option path is invalid');
        str += '; Path=' + o.path;
      }
      if (o.expires) {
        const e = o.expires;
        if (!isDate(e)) throw new TypeError('option expires is invalid');
        const time = e.valueOf();
        if (isNaN(time)) throw new TypeError('option expires is invalid');
        if (e.valueOf === dateValueOf && e.toUTCString === dateToUTCString) {
          const second = Math.floor(time / 1000);
          if (second !== utcSecond) { utcText = e.toUTCString(); utcSecond = second; }
          str += '; Expires=' + utcText;
        } else {
          str += '; Expires=' + e.toUTCString();
        }
      }
      if (o.httpOnly) str += '; HttpOnly';
      if (o.secure) str += '; Secure';
      if (o.partitioned) str += '; Partitioned';
      if (o.priority) {
        const p = typeof o.priority === 'string' ? o.priority.toLowerCase() : o.priority;
        switch (p) {
          case 'low': str += '; Priority=Low'; break;
          case 'medium': str += '; Priority=Medium'; break;
          case 'high': str += '; Priority=High'; break;
          default: throw new TypeError('option priority is invalid');
        }
      }
      if (o.sameSite) {
        const s = typeof o.sameSite === 'string' ? o.sameSite.toLowerCase() : o.sameSite;
        switch (s) {
          case true: str += '; SameSite=Strict'; break;
          case 'lax': str += '; SameSite=Lax'; break;
          case 'strict': str += '; SameSite=Strict'; break;
          case 'none': str += '; SameSite=None'; break;
          default: throw new TypeError('option sameSite is invalid');
        }
      }
      return str;
    }
    module.exports = { parse, serialize };
  });

  define('cookie-signature', (module, exports, require) => {
    // sign: value + "." + base64(HMAC-SHA256(secret, value)) without "=" padding (§2).
    // A signature depends on the value and the secret alone: the last one is kept, so a request
    // that checks a session cookie and then sends it again (maxAge, rolling) signs once.
    let last = { val: undefined, secret: undefined, signed: undefined };
    exports.sign = function (val, secret) {
      if (typeof val !== 'string') throw new TypeError('Cookie value must be provided as a string.');
      if (secret == null) throw new TypeError('Secret key must be provided.');
      const key = String(secret);
      if (last.val === val && last.secret === key) return last.signed;
      const signed = val + '.' + native.hmac(key, val).replace(/=+$/, '');
      last = { val, secret: key, signed };
      return signed;
    };
    // unsign: the value before the last ".", if signing it again gives the same string.
    exports.unsign = function (input, secret) {
      if (typeof input !== 'string') throw new TypeError('Signed cookie string must be provided.');
      if (secret == null) throw new TypeError('Secret key must be provided.');
      const tentative = input.slice(0, input.lastIndexOf('.'));
      const mac = exports.sign(tentative, secret);
      return mac === input ? tentative : false;
    };
  });

  define('cookie-parser', (module, exports, require) => {
    const cookie = require('cookie');
    const signature = require('cookie-signature');
    const why = (req, text) => native.why(req.__crumbsId || 0, 'cookie-parser', text);

    function JSONCookie(str) {
      if (typeof str !== 'string' || str.substr(0, 2) !== 'j:') return undefined;
      try { return JSON.parse(str.slice(2)); } catch (err) { return undefined; }
    }
    function JSONCookies(obj) {
      for (const key of Object.keys(obj)) {
        const val = JSONCookie(obj[key]);
        if (val) obj[key] = val;
      }
      return obj;
    }
    function signedCookie(str, secret) {
      if (typeof str !== 'string') return undefined;
      if (str.substr(0, 2) !== 's:') return str;
      const secrets = !secret || Array.isArray(secret) ? (secret || []) : [secret];
      for (const s of secrets) {
        const val = signature.unsign(str.slice(2), s);
        if (val !== false) return val;
      }
      return false;
    }
    function signedCookies(obj, secret) {
      const ret = Object.create(null);
      for (const key of Object.keys(obj)) {
        const val = obj[key];
        const dec = signedCookie(val, secret);
        if (val !== dec) {
          ret[key] = dec;
          delete obj[key];
        }
      }
      return ret;
    }

    function cookieParser(secret, options) {
      const secrets = !secret || Array.isArray(secret) ? (secret || []) : [secret];
      return function cookieParser(req, res, next) {
        if (req.cookies) return next();
        const cookies = req.headers.cookie;
        req.secret = secrets[0];
        req.cookies = Object.create(null);
        req.signedCookies = Object.create(null);
        if (!cookies) {
          why(req, 'no Cookie header: req.cookies is empty');
          return next();
        }
        req.cookies = cookie.parse(cookies, options);
        if (secrets.length !== 0) {
          req.signedCookies = signedCookies(req.cookies, secrets);
          req.signedCookies = JSONCookies(req.signedCookies);
          for (const k of Object.keys(req.signedCookies)) {
            why(req, req.signedCookies[k] === false
              ? `signed cookie ${k} did not verify: req.signedCookies.${k} is false`
              : `signed cookie ${k} verified: moved to req.signedCookies`);
          }
        }
        req.cookies = JSONCookies(req.cookies);
        const names = Object.keys(req.cookies);
        why(req, names.length
          ? `read from the Cookie header: req.cookies has ${names.join(', ')}`
          : 'the Cookie header held no plain cookies');
        next();
      };
    }
    module.exports = cookieParser;
    module.exports.JSONCookie = JSONCookie;
    module.exports.JSONCookies = JSONCookies;
    module.exports.signedCookie = signedCookie;
    module.exports.signedCookies = signedCookies;
  });
})(globalThis.__crumbs.define, globalThis.__crumbs.native);
