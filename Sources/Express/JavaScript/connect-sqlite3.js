(function (crumbs) {
  'use strict';
  const native = crumbs.native;

  // connect-sqlite3 0.9 (lib/connect-sqlite3.js): express-session's Store on a table of a SQLite
  // file, with the package's options, SQL, table layout and expiry rules. The host runs each
  // statement on the system's libsqlite3 and answers at once; the callbacks still come later, as
  // node-sqlite3 calls them from its thread pool.
  crumbs.define('connect-sqlite3', (module) => {
    // One day in milliseconds: how long a row lives when its cookie has no maxAge, and how often
    // the expired rows are deleted.
    const oneDay = 86400000;
    const requestID = () => (crumbs.current ? crumbs.current.id : 0);
    const why = (text) => native.why(requestID(), 'connect-sqlite3', text);
    const short = (id) => typeof id === 'string' && id.length > 10 ? id.slice(0, 8) + '…' : String(id);
    const date = (ms) => new Date(ms).toUTCString();
    const later = (fn, ...args) => { if (typeof fn === 'function') setImmediate(fn, ...args); };

    // node-sqlite3's error: `SQLITE_CANTOPEN: unable to open database file`, with errno and code.
    function failure(result) {
      const err = new Error(`${result.code}: ${result.message}`);
      err.errno = Number(result.errno);
      err.code = result.code;
      return err;
    }

    // The package's `client`: an events.EventEmitter that says 'connect' once the table exists.
    function Client() { Object.defineProperty(this, '_listeners', { value: Object.create(null) }); }
    Client.prototype.on = function (event, fn) {
      (this._listeners[event] = this._listeners[event] || []).push(fn);
      return this;
    };
    Client.prototype.emit = function (event, ...args) {
      const listeners = this._listeners[event] || [];
      for (const fn of listeners) fn.apply(this, args);
      return listeners.length > 0;
    };

    module.exports = function (connect) {
      const Store = connect.session ? connect.session.Store : connect.Store;

      // Deletes the rows whose expiry has passed: once the table exists, then once a day.
      function dbCleanup(store) {
        const result = native.sqliteCleanup(store._crumbsStore, new Date().getTime(), requestID());
        if (result.code) {
          why(`the cleanup of ${store._crumbsName} failed: ${result.code}: ${result.message}`);
          return;
        }
        const ids = JSON.parse(result.ids);
        if (ids.length === 0) return;
        why(`expired sessions pruned from ${store._crumbsName}: ${ids.map(short).join(', ')} (DELETE … WHERE now > expired; connect-sqlite3 runs it when it opens the file, then once a day)`);
      }

      function SQLiteStore(options) {
        options = options || {};
        Store.call(this, options);
        this.table = options.table || 'sessions';
        this.db = options.db || this.table;
        let dbPath;
        const inMemory = this.db.indexOf(':memory:') > -1 || this.db.indexOf('?mode=memory') > -1;
        if (inMemory) {
          dbPath = this.db;
        } else {
          dbPath = (options.dir || '.') + '/' + this.db;
        }
        const opened = native.sqliteOpen(dbPath, this.table, options.concurrentDb ? 1 : 0);
        if (opened.code) throw failure(opened);
        const name = dbPath.startsWith('./') ? dbPath.slice(2) : dbPath;
        Object.defineProperty(this, '_crumbsStore', { value: Number(opened.store) });
        Object.defineProperty(this, '_crumbsName', { value: name });
        // What express-session's reasons call this store.
        Object.defineProperty(this, '_crumbsLabel', { value: `the SQLite store ${name}` });
        this.db = { filename: dbPath, open: true };
        this.client = new Client();
        const rows = Number(opened.rows);
        const held = rows === 0 ? 'empty' : rows === 1 ? '1 row already in it' : `${rows} rows already in it`;
        why(inMemory
          ? `sessions are kept in an in-memory SQLite database (${dbPath}), table ${this.table}: like MemoryStore, it is gone when the server stops`
          : `sessions are kept in the SQLite file ${opened.file}, table ${this.table} (${held})`);
        if (options.concurrentDB !== undefined && options.concurrentDb === undefined) {
          why('the concurrentDB option is not read: connect-sqlite3 reads concurrentDb (its README spells it concurrentDB), so the file keeps its rollback journal');
        } else if (options.concurrentDb) {
          why('concurrentDb: the file is in write-ahead-log mode (PRAGMA journal_mode = wal), so readers do not wait for a writer');
        }
        const self = this;
        setImmediate(() => {
          self.client.emit('connect');
          dbCleanup(self);
          setInterval(dbCleanup, oneDay, self).unref();
        });
      }

      SQLiteStore.prototype = Object.create(Store.prototype);
      SQLiteStore.prototype.constructor = SQLiteStore;

      // SELECT sess FROM sessions WHERE sid = ? AND ? <= expired: an expired row is skipped,
      // not deleted (the cleanup deletes it).
      SQLiteStore.prototype.get = function (sid, fn) {
        const now = new Date().getTime();
        const result = native.sqliteGet(this._crumbsStore, sid, now);
        if (result.code) return later(fn, failure(result));
        if (result.sess === undefined) {
          if (result.expired !== undefined) {
            why(`session ${short(sid)}'s row in ${this._crumbsName} expired at ${date(Number(result.expired))}: the query skips it (WHERE sid = ? AND now <= expired); the row stays in the file until the next cleanup`);
          }
          return later(fn);
        }
        later((sess) => fn(null, JSON.parse(sess)), result.sess);
      };

      // INSERT OR REPLACE INTO sessions VALUES (sid, expired, sess): the row expires with its
      // cookie, or one day from now when the cookie has no maxAge.
      SQLiteStore.prototype.set = function (sid, sess, fn) {
        try {
          const maxAge = sess.cookie.maxAge;
          const now = new Date().getTime();
          const expired = maxAge ? now + maxAge : now + oneDay;
          sess = JSON.stringify(sess);
          const result = native.sqliteSet(this._crumbsStore, sid, expired, sess, requestID());
          if (result.code) return later(fn, failure(result));
          const until = maxAge ? 'when its cookie does (now + cookie.maxAge)' : 'one day from now: its cookie has no maxAge, and connect-sqlite3 then keeps a row one day';
          why(`wrote session ${short(sid)} to ${this._crumbsName} (INSERT OR REPLACE); the row expires at ${date(expired)}, ${until}`);
          later(fn, null, []);
        } catch (e) {
          if (fn) fn(e);
        }
      };

      SQLiteStore.prototype.destroy = function (sid, fn) {
        const result = native.sqliteDestroy(this._crumbsStore, sid, requestID());
        if (result.code) return later(fn, failure(result));
        const deleted = result.deleted !== '0';
        why(deleted
          ? `deleted session ${short(sid)}'s row from ${this._crumbsName}`
          : `no row of session ${short(sid)} in ${this._crumbsName} to delete`);
        later(fn, null);
      };

      // Every row's session, expired ones included (SELECT * FROM sessions), as an array.
      SQLiteStore.prototype.all = function (fn) {
        const result = native.sqliteAll(this._crumbsStore);
        if (result.code) return later(fn, failure(result));
        later((rows) => fn(null, JSON.parse(rows)), result.sessions);
      };

      // SELECT COUNT(*): expired rows still in the file count too.
      SQLiteStore.prototype.length = function (fn) {
        const result = native.sqliteLength(this._crumbsStore);
        if (result.code) return later(fn, failure(result));
        later(fn, null, Number(result.count));
      };

      SQLiteStore.prototype.clear = function (fn) {
        const result = native.sqliteClear(this._crumbsStore, requestID());
        if (result.code) return later(fn, failure(result));
        why(`deleted every row of ${this._crumbsName} (${result.deleted})`);
        later(fn, null, true);
      };

      // UPDATE sessions SET expired=? WHERE sid = ? AND ? <= expired: only a live row gets its
      // cookie's new expiry. A cookie without one changes nothing, and the package answers at once.
      SQLiteStore.prototype.touch = function (sid, session, fn) {
        if (session && session.cookie && session.cookie.expires) {
          const now = new Date().getTime();
          const cookieExpires = new Date(session.cookie.expires).getTime();
          const result = native.sqliteTouch(this._crumbsStore, sid, cookieExpires, now);
          if (result.code) return later(fn, failure(result));
          const changed = result.changed !== '0';
          why(changed
            ? `session ${short(sid)}'s row in ${this._crumbsName} now expires at ${date(cookieExpires)} (its cookie's new expiry)`
            : `no live row of session ${short(sid)} in ${this._crumbsName} to touch: nothing changed`);
          later(fn, null, true);
        } else {
          why(`a cookie without maxAge has no expiry to refresh, so touch leaves session ${short(sid)}'s row in ${this._crumbsName} as it is: it expires one day after it was last saved, however often the browser comes back`);
          fn(null, true);
        }
      };

      // crumbs' own (see express-session): the row's session now, as JSON, for the why of a
      // save that overwrites another request's change.
      Object.defineProperty(SQLiteStore.prototype, Symbol.for('crumbs.storePeek'), {
        value: function (sid) {
          const result = native.sqliteGet(this._crumbsStore, sid, new Date().getTime());
          return result.code ? undefined : result.sess;
        },
      });

      return SQLiteStore;
    };
  });
})(globalThis.__crumbs);
