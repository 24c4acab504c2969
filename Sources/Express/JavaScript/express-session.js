(function (crumbs) {
  'use strict';
  const native = crumbs.native;

  crumbs.define('express-session', (module, exports, require) => {
    const cookie = require('cookie');
    const signature = require('cookie-signature');
    const why = (req, text) => native.why(req.__crumbsId || 0, 'express-session', text);
    const short = (id) => typeof id === 'string' && id.length > 10 ? id.slice(0, 8) + '…' : String(id);

    // depd's format when stderr is not a terminal, with the caller's place in the lesson code.
    function deprecate(message) {
      const frames = String(new Error().stack || '').split('\n');
      const caller = frames.find(f => !f.includes('crumbs/') && /:\d+:\d+$/.test(f));
      const where = caller ? ' at ' + caller.slice(caller.lastIndexOf('@') + 1) : '';
      native.log('warn', `${new Date().toUTCString()} express-session deprecated ${message}${where}`, crumbs.current ? crumbs.current.id : 0);
    }

    // ---- Cookie (session/cookie.js): its prototype is a plain object, so it inspects as { … }
    function Cookie(options) {
      this.path = '/';
      this.maxAge = null;
      this.httpOnly = true;
      if (options) {
        if (typeof options !== 'object') throw new TypeError('argument options must be a object');
        for (const key in options) {
          if (key !== 'data') this[key] = options[key];
        }
      }
      if (this.originalMaxAge === undefined || this.originalMaxAge === null) this.originalMaxAge = this.maxAge;
    }
    Cookie.prototype = {
      set expires(date) {
        this._expires = date;
        this.originalMaxAge = this.maxAge;
      },
      get expires() { return this._expires; },
      set maxAge(ms) {
        if (ms && typeof ms !== 'number' && !(ms instanceof Date)) throw new TypeError('maxAge must be a number or Date');
        if (ms instanceof Date) deprecate('maxAge as Date; pass number of milliseconds instead');
        this.expires = typeof ms === 'number' ? new Date(Date.now() + ms) : ms;
      },
      get maxAge() {
        return this.expires instanceof Date ? this.expires.valueOf() - Date.now() : this.expires;
      },
      get data() {
        return {
          originalMaxAge: this.originalMaxAge, partitioned: this.partitioned, priority: this.priority,
          expires: this._expires, secure: this.secure, httpOnly: this.httpOnly, domain: this.domain,
          path: this.path, sameSite: this.sameSite,
        };
      },
      serialize(name, val) { return cookie.serialize(name, val, this.data); },
      toJSON() { return this.data; },
    };

    // ---- Session (session/session.js)
    function Session(req, data) {
      Object.defineProperty(this, 'req', { value: req });
      Object.defineProperty(this, 'id', { value: req.sessionID });
      if (typeof data === 'object' && data !== null) {
        for (const prop in data) {
          if (!(prop in this)) this[prop] = data[prop];
        }
      }
    }
    function defineMethod(obj, name, fn) {
      Object.defineProperty(obj, name, { configurable: true, enumerable: false, value: fn, writable: true });
    }
    defineMethod(Session.prototype, 'touch', function touch() { return this.resetMaxAge(); });
    defineMethod(Session.prototype, 'resetMaxAge', function resetMaxAge() {
      this.cookie.maxAge = this.cookie.originalMaxAge;
      return this;
    });
    defineMethod(Session.prototype, 'save', function save(fn) {
      this.req.sessionStore.set(this.id, this, fn || function () {});
      return this;
    });
    defineMethod(Session.prototype, 'reload', function reload(fn) {
      const req = this.req;
      const store = this.req.sessionStore;
      store.get(this.id, (err, sess) => {
        if (err) return fn(err);
        if (!sess) return fn(new Error('failed to load session'));
        store.createSession(req, sess);
        fn();
      });
      return this;
    });
    defineMethod(Session.prototype, 'destroy', function destroy(fn) {
      delete this.req.session;
      why(this.req, `req.session.destroy(): session ${short(this.id)} removed from the store; the browser's cookie is not cleared`);
      this.req.sessionStore.destroy(this.id, fn);
      return this;
    });
    defineMethod(Session.prototype, 'regenerate', function regenerate(fn) {
      why(this.req, `req.session.regenerate(): session ${short(this.id)} destroyed, a new id issued; a new id counts as modified, so the session is saved and sent in a Set-Cookie`);
      this.req.sessionStore.regenerate(this.req, fn);
      return this;
    });

    // ---- Store (session/store.js)
    function Store() {
      this._listeners = Object.create(null);
    }
    Store.prototype.on = function (event, fn) {
      (this._listeners[event] = this._listeners[event] || []).push(fn);
      return this;
    };
    Store.prototype.emit = function (event, ...args) {
      for (const fn of this._listeners[event] || []) fn.apply(this, args);
      return true;
    };
    Store.prototype.regenerate = function (req, fn) {
      this.destroy(req.sessionID, (err) => {
        this.generate(req);
        fn(err);
      });
    };
    Store.prototype.load = function (sid, fn) {
      this.get(sid, (err, sess) => {
        if (err) return fn(err);
        if (!sess) return fn();
        const req = { sessionID: sid, sessionStore: this };
        fn(null, this.createSession(req, sess));
      });
    };
    Store.prototype.createSession = function (req, sess) {
      const expires = sess.cookie.expires;
      const originalMaxAge = sess.cookie.originalMaxAge;
      sess.cookie = new Cookie(sess.cookie);
      if (typeof expires === 'string') sess.cookie.expires = new Date(expires);
      sess.cookie.originalMaxAge = originalMaxAge;
      req.session = new Session(req, sess);
      return req.session;
    };

    // ---- MemoryStore (session/memory.js): JSON strings kept by the host, expiry checked on read
    function MemoryStore() {
      Store.call(this);
      Object.defineProperty(this, '_id', { value: native.storeCreate() });
    }
    Object.setPrototypeOf(MemoryStore.prototype, Store.prototype);
    // MemoryStore's defer: the callback later, with what was given (no spread: see the prelude's
    // setImmediate).
    function defer(fn, err, value) {
      if (typeof fn !== 'function') return;
      if (arguments.length === 1) setImmediate(fn);
      else if (arguments.length === 2) setImmediate(fn, err);
      else setImmediate(fn, err, value);
    }
    // The request a store call is made for (its change is printed under it by crumbs serve).
    const requestID = () => (crumbs.current ? crumbs.current.id : undefined);
    const peek = Symbol.for('crumbs.storePeek');
    const stamp = Symbol.for('crumbs.storeStamp');
    MemoryStore.prototype.get = function (sid, cb) {
      const json = native.storeGet(this._id, sid, requestID());
      let sess;
      if (json !== undefined) {
        sess = JSON.parse(json);
        // Which change of the store this copy is (a symbol: JSON and the session never see it).
        Object.defineProperty(sess, stamp, { value: native.storeStamp(this._id, sid) });
      }
      defer(cb, null, sess);
    };
    const expiryOf = (sess) => {
      const e = sess && sess.cookie ? sess.cookie.expires : undefined;
      return e instanceof Date ? e.getTime() : (typeof e === 'string' ? Date.parse(e) : NaN);
    };
    // JSON.stringify(sess) on JavaScriptCore's fast path. The session's Cookie has a toJSON (its
    // data, a Date among it), which sends the whole call down the slow path; a copy whose cookie
    // is that data with the date as its toJSON gives it makes the same text (the same own
    // enumerable keys in the same order, each getter read once, toJSON called as stringify would).
    const cookieToJSON = Cookie.prototype.toJSON;
    function sessionJSON(sess) {
      const c = sess !== null && typeof sess === 'object' ? sess.cookie : undefined;
      if (!(c instanceof Cookie) || c.toJSON !== cookieToJSON) return JSON.stringify(sess);
      const copy = {};
      for (const key of Object.keys(sess)) {
        if (key !== 'cookie') { copy[key] = sess[key]; continue; }
        const data = c.toJSON('cookie');
        if (data.expires instanceof Date && typeof data.expires.toJSON === 'function') data.expires = data.expires.toJSON('expires');
        copy.cookie = data;
      }
      return JSON.stringify(copy);
    }
    MemoryStore.prototype.set = function (sid, sess, cb) {
      native.storeSet(this._id, sid, sessionJSON(sess), expiryOf(sess), requestID());
      defer(cb);
    };
    MemoryStore.prototype.destroy = function (sid, cb) {
      native.storeDestroy(this._id, sid, requestID());
      defer(cb);
    };
    MemoryStore.prototype.touch = function (sid, sess, cb) {
      const json = native.storeGet(this._id, sid, requestID());
      if (json !== undefined) {
        const current = JSON.parse(json);
        current.cookie = sess.cookie;
        native.storeSet(this._id, sid, sessionJSON(current), expiryOf(sess), requestID());
      }
      defer(cb);
    };
    MemoryStore.prototype.all = function (cb) {
      const all = Object.assign(Object.create(null), JSON.parse(native.storeAll(this._id)));
      defer(cb, null, all);
    };
    MemoryStore.prototype.length = function (cb) {
      defer(cb, null, Object.keys(JSON.parse(native.storeAll(this._id))).length);
    };
    MemoryStore.prototype.clear = function (cb) {
      native.storeClear(this._id, requestID());
      defer(cb);
    };
    // crumbs' own: what the store holds for a session right now, as JSON, for the why of a
    // save that overwrites another request's, and the change that last touched it, which tells
    // without reading it whether anything was stored since a request loaded it (symbols, so
    // apps and JSON never see them).
    Object.defineProperty(MemoryStore.prototype, peek, {
      value: function (sid) { return native.storeGet(this._id, sid, requestID()); },
    });
    Object.defineProperty(MemoryStore.prototype, stamp, {
      value: function (sid) { return native.storeStamp(this._id, sid); },
    });

    function generateSessionId() {
      // uid-safe: 24 random bytes, base64url without padding (§5)
      return native.randomBytes(24).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    }

    // express-session keeps a SHA-1 digest of this JSON to tell whether a session changed;
    // keeping the JSON itself decides exactly the same, without a call into Swift. Its replacer
    // leaves out the top-level cookie; a shallow copy without it gives the same text (the same
    // own enumerable keys in the same order, getters read once each), and JSON.stringify
    // without a replacer takes JavaScriptCore's fast path.
    function hash(sess) {
      const copy = Object.create(null);
      for (const key of Object.keys(sess)) {
        if (key !== 'cookie') copy[key] = sess[key];
      }
      return JSON.stringify(copy);
    }

    function issecure(req, trustProxy) {
      if (req.connection && req.connection.encrypted) return true;
      if (trustProxy === false) return false;
      if (trustProxy !== true) return req.secure === true;
      const header = req.headers['x-forwarded-proto'] || '';
      const index = header.indexOf(',');
      const proto = index !== -1 ? header.substr(0, index).toLowerCase().trim() : header.toLowerCase().trim();
      return proto === 'https';
    }

    function unsigncookie(val, secrets) {
      for (const secret of secrets) {
        const result = signature.unsign(val, secret);
        if (result !== false) return result;
      }
      return false;
    }

    function getcookie(req, name, secrets) {
      const header = req.headers.cookie;
      let raw, val;
      if (header) {
        const cookies = cookie.parse(header);
        raw = cookies[name];
        if (raw) {
          if (raw.substr(0, 2) === 's:') {
            val = unsigncookie(raw.slice(2), secrets);
            if (val === false) {
              const tried = secrets.length > 1 ? `any of the ${secrets.length} secrets` : 'the secret';
              why(req, `the ${name} cookie's signature did not verify with ${tried}: treated as no cookie`);
              val = undefined;
            }
          } else {
            why(req, `the ${name} cookie is not signed (no "s:" prefix): ignored`);
          }
        }
      }
      if (!val && req.signedCookies) {
        val = req.signedCookies[name];
        if (val) deprecate('cookie should be available in req.headers.cookie');
      }
      if (!val && req.cookies) {
        raw = req.cookies[name];
        if (raw && raw.substr(0, 2) === 's:') {
          val = unsigncookie(raw.slice(2), secrets);
          if (val) deprecate('cookie should be available in req.headers.cookie');
          if (val === false) val = undefined;
        }
      }
      if (val === undefined && !raw) why(req, `the request has no ${name} cookie`);
      return val;
    }

    function setcookie(res, name, val, secret, options) {
      const signed = 's:' + signature.sign(val, secret);
      const data = cookie.serialize(name, signed, options);
      const prev = res.getHeader('Set-Cookie') || [];
      const header = Array.isArray(prev) ? prev.concat(data) : [prev, data];
      res.setHeader('Set-Cookie', header);
      return data;
    }

    function session(options) {
      const opts = options || {};
      const cookieOptions = opts.cookie || {};
      const generateId = opts.genid || generateSessionId;
      const name = opts.name || opts.key || 'connect.sid';
      const store = opts.store || new MemoryStore();
      const trustProxy = opts.proxy;
      let resaveSession = opts.resave;
      const rollingSessions = Boolean(opts.rolling);
      let saveUninitializedSession = opts.saveUninitialized;
      let secret = opts.secret;

      if (typeof generateId !== 'function') throw new TypeError('genid option must be a function');
      if (resaveSession === undefined) {
        deprecate('undefined resave option; provide resave option');
        resaveSession = true;
      }
      if (saveUninitializedSession === undefined) {
        deprecate('undefined saveUninitialized option; provide saveUninitialized option');
        saveUninitializedSession = true;
      }
      if (opts.unset && opts.unset !== 'destroy' && opts.unset !== 'keep') throw new TypeError('unset option must be "destroy" or "keep"');
      const unsetDestroy = opts.unset === 'destroy';
      if (Array.isArray(secret) && secret.length === 0) throw new TypeError('secret option array must contain one or more strings');
      if (secret && !Array.isArray(secret)) secret = [secret];
      if (!secret) deprecate('req.secret; provide secret option');
      if (globalThis.process.env.NODE_ENV === 'production' && store instanceof MemoryStore) {
        console.warn('Warning: connect.session() MemoryStore is not\ndesigned for a production environment, as it will leak\nmemory, and will not scale past a single process.');
      }

      store.generate = function (req) {
        req.sessionID = generateId(req);
        req.session = new Session(req);
        req.session.cookie = new Cookie(cookieOptions);
        if (cookieOptions.secure === 'auto') req.session.cookie.secure = issecure(req, trustProxy);
      };
      // Why a Set-Cookie went out, made once for each case (the name is this middleware's): a
      // session with a maxAge sends one on every response, and the text crosses as one string.
      const setCookieWhy = Object.create(null);
      const storeImplementsTouch = typeof store.touch === 'function';
      // What the reasons call the store: "the store" (MemoryStore), or what a store of crumbs'
      // says it is ("the SQLite store sessions.db"), which outlives a restart.
      const storeLasts = typeof store._crumbsLabel === 'string';
      const storeLabel = storeLasts ? store._crumbsLabel : 'the store';
      const missing = storeLasts ? 'it expired or was destroyed' : 'it expired, was destroyed, or the server restarted';
      let storeReady = true;
      if (typeof store.on === 'function') {
        store.on('disconnect', () => { storeReady = false; });
        store.on('connect', () => { storeReady = true; });
      }

      return function session(req, res, next) {
        if (req.session) return next();
        if (!storeReady) { why(req, 'the store is disconnected: no session'); return next(); }
        const originalPath = (req.originalUrl || req.url).split('?')[0] || '/';
        if (originalPath.indexOf(cookieOptions.path || '/') !== 0) {
          why(req, `${originalPath} is outside cookie.path ${cookieOptions.path}: no session`);
          return next();
        }
        if (!secret && !req.secret) {
          why(req, 'no secret option (and no cookie-parser secret): the request fails');
          return next(new Error('secret option required for sessions'));
        }
        const secrets = secret || [req.secret];
        let originalHash, originalId, savedHash, loadedHash, loadedStamp;
        let touched = false;
        req.sessionStore = store;
        const cookieId = req.sessionID = getcookie(req, name, secrets);

        res._onHeaders.push(function () {
          if (!req.session) return;
          if (!shouldSetCookie(req)) {
            if (cookieId !== req.sessionID) {
              why(req, `no Set-Cookie: the new session is unmodified and saveUninitialized is false`);
            } else if (!rollingSessions) {
              why(req, req.session.cookie.expires == null
                ? 'no Set-Cookie: the browser already has this session\'s cookie (it has no maxAge, so only rolling would send it again)'
                : 'no Set-Cookie: the session is unmodified and rolling is false');
            }
            return;
          }
          if (req.session.cookie.secure && !issecure(req, trustProxy)) {
            why(req, 'no Set-Cookie: cookie.secure is true and the request came over http');
            return;
          }
          if (!touched) { req.session.touch(); touched = true; }
          try {
            setcookie(res, name, req.sessionID, secrets[0], req.session.cookie.data);
            const because = cookieId !== req.sessionID
              ? (saveUninitializedSession && !isModified(req.session) ? 'a new session and saveUninitialized is true' : 'a new session that was modified')
              : rollingSessions ? 'rolling is true' : 'the session has a maxAge and was modified';
            why(req, setCookieWhy[because] ??= `Set-Cookie: ${name} = "s:" + id + "." + signature (${because}); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id came from this server (integrity, not secrecy: the id itself is readable)`);
          } catch (err) {
            setImmediate(next, err);
          }
        });

        // Like the real middleware, the headers (and so the Set-Cookie decision) go out first;
        // the end of the response waits for the store's callback.
        const _end = res.end;
        let ended = false;
        res.end = function end(chunk, encoding) {
          if (ended) return false;
          ended = true;
          try {
            return decide(chunk, encoding);
          } finally {
            settled = undefined;
          }
        };
        // From here until the store is called, only these decisions run (the headers, with the
        // Set-Cookie decision, go out in between), so the session cannot change: its JSON is made
        // once, where express-session makes it for each question (shouldSave, the reason,
        // shouldSetCookie, save).
        let settled, settledJSON;
        function sessionHash(sess) {
          return settled === sess ? settledJSON : hash(sess);
        }
        function decide(chunk, encoding) {
          const after = (operation) => {
            res._sendHeaders();
            operation((err) => {
              if (err) setImmediate(next, err);
              _end.call(res, chunk, encoding);
            });
            return true;
          };
          if (shouldDestroy(req)) {
            why(req, `req.session is null and unset is "destroy": session ${short(req.sessionID)} destroyed`);
            return after((done) => store.destroy(req.sessionID, done));
          }
          if (!req.session) {
            if (req.session === null) why(req, `req.session is null and unset is "keep": session ${short(req.sessionID)} stays in the store as it was (this request's changes are not saved), and the browser keeps its cookie`);
            return _end.call(res, chunk, encoding);
          }
          if (!touched) { req.session.touch(); touched = true; }
          settledJSON = hash(req.session);
          settled = req.session;
          if (shouldSave(req)) {
            const reason = cookieId !== req.sessionID
              ? (isModified(req.session) ? 'a new session that was modified' : 'a new session and saveUninitialized is true')
              : (isModified(req.session) ? 'the session was modified' : 'resave is true');
            why(req, `saved session ${short(req.sessionID)} to ${storeLabel}: ${reason}`);
            overwrites(req);
            return after((done) => req.session.save(done));
          }
          if (storeImplementsTouch && shouldTouch(req)) {
            why(req, req.session.cookie.expires == null
              ? (storeLasts
                ? `touched session ${short(req.sessionID)}: unmodified and its cookie has no maxAge, so there is no expiry to refresh; the browser drops its cookie when it closes`
                : `touched session ${short(req.sessionID)}: unmodified and its cookie has no maxAge, so there is no expiry to refresh: the store keeps it with none, and the browser drops its cookie when it closes`)
              : rollingSessions
                ? `touched session ${short(req.sessionID)}: unmodified, so only its expiry is refreshed in the store; rolling is true, so the browser's cookie gets the new Expires too`
                : `touched session ${short(req.sessionID)}: unmodified, so only its expiry is refreshed in the store; the browser's cookie keeps its old Expires (only rolling would send a new one), so the store's copy now outlives the browser's`);
            return after((done) => store.touch(req.sessionID, req.session, done));
          }
          if (cookieId !== req.sessionID) why(req, 'not saved: the new session is unmodified and saveUninitialized is false');
          return _end.call(res, chunk, encoding);
        }

        function generate() {
          store.generate(req);
          originalId = req.sessionID;
          originalHash = hash(req.session);
          wrapmethods(req.session);
        }
        function inflate(req, sess) {
          loadedStamp = sess[stamp];
          store.createSession(req, sess);
          originalId = req.sessionID;
          originalHash = loadedHash = hash(sess);
          if (!resaveSession) savedHash = originalHash;
          wrapmethods(req.session);
        }
        function rewrapmethods(sess, callback) {
          return function () {
            if (req.session !== sess) wrapmethods(req.session);
            callback.apply(this, arguments);
          };
        }
        function wrapmethods(sess) {
          const _reload = sess.reload;
          const _save = sess.save;
          function reload(callback) {
            _reload.call(this, rewrapmethods(this, function (err) {
              if (!err) { loadedHash = hash(req.session); loadedStamp = undefined; }
              callback.apply(this, arguments);
            }));
          }
          function save() { savedHash = sessionHash(this); _save.apply(this, arguments); }
          Object.defineProperty(sess, 'reload', { configurable: true, enumerable: false, value: reload, writable: true });
          Object.defineProperty(sess, 'save', { configurable: true, enumerable: false, value: save, writable: true });
        }
        // Another request saved this session after this one loaded it: this save replaces that
        // change (the store keeps whole sessions, and the last save wins).
        function overwrites(req) {
          if (loadedHash === undefined || req.sessionID !== originalId || typeof store[peek] !== 'function') return;
          // Nothing stored over it or removed since it was loaded: nothing to lose.
          if (loadedStamp !== undefined && typeof store[stamp] === 'function' && store[stamp](req.sessionID) === loadedStamp) return;
          const json = store[peek](req.sessionID);
          if (typeof json !== 'string') return;
          const held = hash(JSON.parse(json));
          // What it loaded, or what it saved itself (req.session.save()) since.
          if (held === loadedHash || held === savedHash) return;
          why(req, `saved session ${short(req.sessionID)} over a change another request saved after this one loaded it: this request loaded ${loadedHash}, the store held ${held}; the last save wins, so that change is lost (a lost update)`);
        }
        function isModified(sess) { return originalId !== sess.id || originalHash !== sessionHash(sess); }
        function isSaved(sess) { return originalId === sess.id && savedHash === sessionHash(sess); }
        function shouldDestroy(req) { return req.sessionID && unsetDestroy && req.session == null; }
        function shouldSave(req) {
          if (typeof req.sessionID !== 'string') return false;
          return !saveUninitializedSession && !savedHash && cookieId !== req.sessionID ? isModified(req.session) : !isSaved(req.session);
        }
        function shouldTouch(req) {
          if (typeof req.sessionID !== 'string') return false;
          return cookieId === req.sessionID && !shouldSave(req);
        }
        function shouldSetCookie(req) {
          if (typeof req.sessionID !== 'string') return false;
          return cookieId !== req.sessionID
            ? saveUninitializedSession || isModified(req.session)
            : rollingSessions || (req.session.cookie.expires != null && isModified(req.session));
        }

        if (!req.sessionID) {
          generate();
          why(req, `new session ${short(req.sessionID)} (not in the store until it is saved)`);
          next();
          return;
        }
        store.get(req.sessionID, (err, sess) => {
          if (err && err.code !== 'ENOENT') { next(err); return; }
          try {
            if (err || !sess) {
              const old = req.sessionID;
              generate();
              why(req, `session ${short(old)} is not in ${storeLabel} (${missing}): new session ${short(req.sessionID)}`);
            } else {
              inflate(req, sess);
              why(req, `loaded session ${short(req.sessionID)} from ${storeLabel}`);
            }
          } catch (e) {
            next(e);
            return;
          }
          next();
        });
      };
    }

    module.exports = session;
    session.Store = Store;
    session.Cookie = Cookie;
    session.Session = Session;
    session.MemoryStore = MemoryStore;
  });
})(globalThis.__crumbs);
