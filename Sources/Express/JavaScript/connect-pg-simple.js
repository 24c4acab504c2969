(function (crumbs) {
  'use strict';
  const native = crumbs.native;

  crumbs.define('connect-pg-simple', (module, exports, require) => {
    const DEFAULT_PRUNE_INTERVAL_IN_SECONDS = 60 * 15;
    const ONE_DAY = 86400;
    // The package's table.sql; createTableIfMissing runs it with "session" replaced by the table.
    const TABLE_SQL = 'CREATE TABLE "session" (\n' +
      '  "sid" varchar NOT NULL COLLATE "default",\n' +
      '  "sess" json NOT NULL,\n' +
      '  "expire" timestamp(6) NOT NULL\n' +
      ')\n' +
      'WITH (OIDS=FALSE);\n' +
      '\n' +
      'ALTER TABLE "session" ADD CONSTRAINT "session_pkey" PRIMARY KEY ("sid") NOT DEFERRABLE INITIALLY IMMEDIATE;\n' +
      '\n' +
      'CREATE INDEX "IDX_session_expire" ON "session" ("expire");\n';

    // Seconds since 1970, rounded up: the store compares and sets expiry on the app's clock.
    const currentTimestamp = () => Math.ceil(Date.now() / 1000);
    // PostgreSQL docs §4.1.1: a quoted identifier doubles its quotes.
    const escapePgIdentifier = (value) => value.replace(/"/g, '""');
    const short = (id) => typeof id === 'string' && id.length > 10 ? id.slice(0, 8) + '…' : String(id);
    const why = (store, text) => native.why(crumbs.current ? crumbs.current.id : 0, 'connect-pg-simple', text);
    function failed(store, operation, err) {
      const message = err && err.message ? err.message : String(err);
      const code = err && err.code ? ` (${err.code})` : '';
      // 42P01 is undefined_table (PostgreSQL, Appendix A).
      const missingTable = Boolean(err) && err.code === '42P01';
      const advice = missingTable ? ': create the table with the package\'s table.sql, or pass createTableIfMissing: true' : '';
      why(store, `${operation}: the query failed: ${message}${code}${advice}`);
    }
    // The stores whose table check (createTableIfMissing) has failed: the package keeps that
    // rejected promise, so every later query fails with the same error.
    const failedChecks = new WeakSet();
    const iso = (seconds) => new Date(seconds * 1000).toISOString();

    module.exports = function connectPgSimple(session) {
      const Store = session.Store || session.session.Store;

      class PGStore extends Store {
        constructor(options = {}) {
          super(options);
          this.schemaName = options.schemaName ? escapePgIdentifier(options.schemaName) : undefined;
          this.tableName = options.tableName ? escapePgIdentifier(options.tableName) : 'session';
          if (!this.schemaName && this.tableName.includes('"."')) {
            console.warn('DEPRECATION WARNING: Schema should be provided through its dedicated "schemaName" option rather than through "tableName"');
            this.tableName = this.tableName.replace(/^([^"]+)""\.""([^"]+)$/, '$1"."$2');
          }
          this.createTableIfMissing = !!options.createTableIfMissing;
          this.tableCreationPromise = undefined;
          this.ttl = options.ttl;
          this.disableTouch = !!options.disableTouch;
          this.errorLog = options.errorLog || console.error.bind(console);

          if (options.pool !== undefined) {
            this.pool = options.pool;
            this.ownsPg = false;
          } else {
            const conString = options.conString || globalThis.process.env.DATABASE_URL;
            let conObject = options.conObject;
            if (!conObject) {
              conObject = {};
              if (conString) conObject.connectionString = conString;
            }
            this.pool = new (require('pg')).Pool(conObject);
            this.pool.on('error', (err) => { this.errorLog('PG Pool error:', err.message); });
            this.ownsPg = true;
          }

          if (options.pruneSessionInterval === false) {
            this.pruneSessionInterval = false;
          } else {
            this.pruneSessionInterval = (options.pruneSessionInterval || DEFAULT_PRUNE_INTERVAL_IN_SECONDS) * 1000;
            if (options.pruneSessionRandomizedInterval !== false) {
              // Between 50% and 150% of the interval, so that several servers do not prune at once.
              this.pruneSessionRandomizedInterval = options.pruneSessionRandomizedInterval ||
                ((delay) => Math.ceil(delay / 2 + delay * Math.random()));
            }
            setImmediate(() => { this.pruneSessions(); });
          }
        }

        async _rawEnsureSessionStoreTable() {
          const quotedTable = this.quotedTable();
          const res = await this._asyncQuery('SELECT to_regclass($1::text)', [quotedTable], true);
          if (res && res.to_regclass === null) {
            await this._asyncQuery(TABLE_SQL.replace(/"session"/g, quotedTable), [], true);
            why(this, `createTableIfMissing: table ${quotedTable} did not exist, so it was created as the package's table.sql has it (sid varchar primary key, sess json, expire timestamp(6), an index on expire)`);
          }
        }

        async _ensureSessionStoreTable(noTableCreation) {
          if (noTableCreation || this.createTableIfMissing === false) return;
          if (!this.tableCreationPromise) {
            this.tableCreationPromise = this._rawEnsureSessionStoreTable();
            this.tableCreationPromise.catch(() => { failedChecks.add(this); });
          }
          return this.tableCreationPromise;
        }

        async close() {
          this.closed = true;
          if (this.pruneTimer) {
            clearTimeout(this.pruneTimer);
            this.pruneTimer = undefined;
          }
          if (this.ownsPg && this.pool) await this.pool.end();
        }

        getPruneDelay() {
          const delay = this.pruneSessionInterval;
          if (!delay) throw new Error('Can not calculate delay when pruning is inactivated');
          if (this.pruneSessionRandomizedInterval) return this.pruneSessionRandomizedInterval(delay);
          return delay;
        }

        pruneSessions(fn) {
          this.query('DELETE FROM ' + this.quotedTable() + ' WHERE expire < to_timestamp($1)', [currentTimestamp()], (err, row, res) => {
            if (fn && typeof fn === 'function') return fn(err);
            if (err) this.errorLog('Failed to prune sessions:', err.message);
            else if (res && res.rowCount) why(this, `pruned ${res.rowCount} expired session${res.rowCount === 1 ? '' : 's'} from ${this.quotedTable()}`);
            if (this.pruneSessionInterval && !this.closed) {
              if (this.pruneTimer) clearTimeout(this.pruneTimer);
              this.pruneTimer = setTimeout(() => { this.pruneSessions(); }, this.getPruneDelay());
              this.pruneTimer.unref();
            }
          });
        }

        quotedTable() {
          let result = '"' + this.tableName + '"';
          if (this.schemaName) result = '"' + this.schemaName + '".' + result;
          return result;
        }

        // When a session expires: its cookie's expires, else now plus ttl (seconds), else a day.
        _getExpireTime(sess) {
          if (sess && sess.cookie && sess.cookie.expires) return Math.ceil(new Date(sess.cookie.expires).valueOf() / 1000);
          return Math.ceil(Date.now() / 1000 + (this.ttl || ONE_DAY));
        }
        _expiryReason(sess) {
          if (sess && sess.cookie && sess.cookie.expires) return 'its cookie\'s expiry';
          return this.ttl ? `no cookie expiry: now + ttl ${this.ttl} s` : 'no cookie expiry and no ttl: now + one day';
        }

        async _asyncQuery(query, params, noTableCreation) {
          return new Promise((resolve, reject) => {
            this.query(query, params, (err, result) => { if (err) reject(err); else resolve(result); }, noTableCreation);
          });
        }

        // The first row to fn, as the package's; the whole result after it, for the why lines.
        query(query, params, fn, noTableCreation) {
          let resolvedParams;
          if (typeof params === 'function') {
            if (fn) throw new Error('Two callback functions set at once');
            fn = params;
            resolvedParams = [];
          } else {
            resolvedParams = params || [];
          }
          const keptFailure = failedChecks.has(this) && !noTableCreation;
          this._ensureSessionStoreTable(noTableCreation)
            .then(() => {
              if (!this.pool) throw new Error('Pool missing for some reason');
              this.pool.query(query, resolvedParams, (err, res) => {
                fn && fn(err, res && res.rows && res.rows[0] ? res.rows[0] : undefined, res);
              });
            })
            .catch((err) => {
              if (keptFailure) why(this, 'createTableIfMissing: the table check failed when it first ran, and the package keeps that failure: every query fails with the same error, without asking the server, until the app restarts');
              fn && fn(err);
            });
        }

        get(sid, fn) {
          this.query('SELECT sess FROM ' + this.quotedTable() + ' WHERE sid = $1 AND expire >= to_timestamp($2)', [sid, currentTimestamp()], (err, data) => {
            if (err) { failed(this, 'get', err); return fn(err); }
            if (!data) {
              why(this, `get: no row of ${this.quotedTable()} has session ${short(sid)} with an expire still ahead (never saved, destroyed, or expired)`);
              return fn(null);
            }
            why(this, `get: session ${short(sid)} read from ${this.quotedTable()} (its expire is still ahead)`);
            try {
              return fn(null, typeof data.sess === 'string' ? JSON.parse(data.sess) : data.sess);
            } catch (e) {
              return this.destroy(sid, fn);
            }
          });
        }

        set(sid, sess, fn) {
          const expireTime = this._getExpireTime(sess);
          const query = 'INSERT INTO ' + this.quotedTable() + ' (sess, expire, sid) SELECT $1, to_timestamp($2), $3 ON CONFLICT (sid) DO UPDATE SET sess=$1, expire=to_timestamp($2) RETURNING sid';
          const reason = this._expiryReason(sess);
          this.query(query, [sess, expireTime, sid], (err) => {
            if (err) failed(this, 'set', err);
            else why(this, `set: session ${short(sid)} written to ${this.quotedTable()} (INSERT … ON CONFLICT (sid) DO UPDATE), expire ${iso(expireTime)} (${reason})`);
            fn && fn(err);
          });
        }

        destroy(sid, fn) {
          this.query('DELETE FROM ' + this.quotedTable() + ' WHERE sid = $1', [sid], (err, row, res) => {
            if (err) failed(this, 'destroy', err);
            else why(this, res && res.rowCount ? `destroy: session ${short(sid)} deleted from ${this.quotedTable()}` : `destroy: no row of ${this.quotedTable()} has session ${short(sid)}: nothing deleted`);
            fn && fn(err);
          });
        }

        touch(sid, sess, fn) {
          if (this.disableTouch) {
            why(this, `touch: disableTouch is true: session ${short(sid)}'s expire stays as it is`);
            fn && fn(null);
            return;
          }
          const expireTime = this._getExpireTime(sess);
          const reason = this._expiryReason(sess);
          this.query('UPDATE ' + this.quotedTable() + ' SET expire = to_timestamp($1) WHERE sid = $2 RETURNING sid', [expireTime, sid], (err, row) => {
            if (err) failed(this, 'touch', err);
            else why(this, row ? `touch: session ${short(sid)}'s expire set to ${iso(expireTime)} (${reason})` : `touch: no row of ${this.quotedTable()} has session ${short(sid)}: nothing refreshed`);
            fn && fn(err);
          });
        }
      }

      return PGStore;
    };
  });
})(globalThis.__crumbs);
