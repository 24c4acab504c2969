(function (crumbs) {
  'use strict';
  const native = crumbs.native;

  // Queries and ends the host is running, by the number it completes them with. A completion
  // runs in the context (the request) that started it, as Node's async hooks would carry it.
  const inflight = new Map();
  let nextCall = 1;
  function start(begin, done) {
    const call = nextCall++;
    inflight.set(call, crumbs.withContext(done));
    begin(call);
  }
  crumbs.pgDone = function (call, outcome) {
    const done = inflight.get(call);
    if (!done) return;
    inflight.delete(call);
    done(JSON.parse(outcome));
  };

  crumbs.define('pg', (module) => {
    // ---- a small EventEmitter (Pool and Client are emitters in node-postgres)
    class Emitter {
      constructor() { Object.defineProperty(this, '_events', { value: Object.create(null), writable: true }); }
      on(event, fn) { (this._events[event] = this._events[event] || []).push(fn); return this; }
      once(event, fn) {
        const wrapped = (...args) => { this.off(event, wrapped); fn.apply(this, args); };
        return this.on(event, wrapped);
      }
      off(event, fn) { this._events[event] = (this._events[event] || []).filter(f => f !== fn); return this; }
      removeListener(event, fn) { return this.off(event, fn); }
      emit(event, ...args) {
        const listeners = (this._events[event] || []).slice();
        for (const fn of listeners) fn.apply(this, args);
        return listeners.length > 0;
      }
    }

    // ---- pg-protocol's DatabaseError: the server's error, named "error", its SQLSTATE as code
    // (Made from an Error rather than by `class … extends Error`, whose constructor would show
    // in the stack as a frame of no file.)
    function DatabaseError(message) {
      const err = new Error(message);
      Object.setPrototypeOf(err, new.target ? new.target.prototype : DatabaseError.prototype);
      return err;
    }
    DatabaseError.prototype = Object.create(Error.prototype, {
      constructor: { value: DatabaseError, writable: true, configurable: true },
      name: { value: 'error', writable: true, configurable: true },
    });

    function makeError(e) {
      let err;
      if (e.kind === 'database') err = new DatabaseError(e.message);
      else if (e.kind === 'aggregate') err = new AggregateError(e.errors.map(makeError), e.message);
      else err = new Error(e.message);
      // JavaScriptCore's errors have line, column and sourceURL of their own, which Node's have not
      // (and pg-protocol's line and column are the server's): removed, so the fields keep their order.
      for (const own of ['line', 'column', 'sourceURL']) delete err[own];
      for (const [name, value] of e.fields) {
        err[name] = value === null ? undefined : value;
      }
      return err;
    }

    // ---- pg's Result: command and rowCount from the command tag, rows as objects
    class Result {
      constructor(rowMode) {
        this.command = null;
        this.rowCount = null;
        this.oid = null;
        this.rows = [];
        this.fields = [];
        this.rowAsArray = rowMode === 'array';
      }
    }
    // pg-types makes Dates of date, timestamp and timestamptz (and of arrays of them).
    const DATES = new Set([1082, 1114, 1184]);
    const DATE_ARRAYS = new Set([1182, 1115, 1185]);
    const toDate = (v) => typeof v === 'number' ? new Date(v) : Array.isArray(v) ? v.map(toDate) : v;
    function result(r, rowMode) {
      const res = new Result(rowMode);
      const match = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/.exec(r.tag);
      if (match) {
        res.command = match[1];
        if (match[3]) { res.oid = parseInt(match[2], 10); res.rowCount = parseInt(match[3], 10); }
        else if (match[2]) res.rowCount = parseInt(match[2], 10);
      }
      res.fields = r.fields.map(([name, dataTypeID]) => ({ name, dataTypeID, format: 'text' }));
      const dated = r.fields.map(([, id]) => DATES.has(id) || DATE_ARRAYS.has(id));
      for (const values of r.rows) {
        for (let i = 0; i < values.length; i++) if (dated[i]) values[i] = toDate(values[i]);
        if (res.rowAsArray) { res.rows.push(values); continue; }
        const row = {};
        for (let i = 0; i < values.length; i++) row[r.fields[i][0]] = values[i];
        res.rows.push(row);
      }
      return res;
    }

    // ---- pg's utils.prepareValue: how a JavaScript value becomes a parameter's text
    const pad = (n, digits) => String(n).padStart(digits, '0');
    function dateToString(date) {
      let offset = -date.getTimezoneOffset();
      let year = date.getFullYear();
      const bc = year < 1;
      if (bc) year = Math.abs(year) + 1;
      let text = pad(year, 4) + '-' + pad(date.getMonth() + 1, 2) + '-' + pad(date.getDate(), 2) + 'T' +
        pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2) + '.' + pad(date.getMilliseconds(), 3);
      if (offset < 0) { text += '-'; offset = -offset; } else text += '+';
      text += pad(Math.floor(offset / 60), 2) + ':' + pad(offset % 60, 2);
      return bc ? text + ' BC' : text;
    }
    function arrayString(list) {
      let text = '{';
      for (let i = 0; i < list.length; i++) {
        if (i > 0) text += ',';
        const v = list[i];
        if (v === null || v === undefined) text += 'NULL';
        else if (Array.isArray(v)) text += arrayString(v);
        else text += '"' + String(prepareValue(v)).replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
      }
      return text + '}';
    }
    function prepareValue(value, seen) {
      if (value === null || value === undefined) return null;
      if (typeof value === 'object') {
        if (value instanceof Date) return dateToString(value);
        if (Array.isArray(value)) return arrayString(value);
        if (typeof value.toPostgres === 'function') {
          seen = seen || [];
          if (seen.includes(value)) throw new Error('circular reference detected while preparing "' + value + '" for query');
          seen.push(value);
          return prepareValue(value.toPostgres(prepareValue), seen);
        }
        return JSON.stringify(value);
      }
      return value.toString();
    }

    // ---- pg-connection-string and pg's ConnectionParameters: settings from the connection
    // string, the app's object, PG* variables and the defaults, in that order
    function parseConnectionString(text) {
      if (text.charAt(0) === '/') {
        const parts = text.split(' ');
        return { host: parts[0], database: parts[1] };
      }
      const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@\/?#]*)@)?(\[[^\]]*\]|[^:\/?#]*)(?::(\d*))?(\/[^?#]*)?(?:\?([^#]*))?/i.exec(text);
      if (!m) throw new TypeError('Invalid URL');
      const config = {};
      for (const pair of (m[6] || '').split('&').filter(Boolean)) {
        const at = pair.indexOf('=');
        const key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
        config[key] = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
      }
      const auth = m[2] || '';
      const colon = auth.indexOf(':');
      config.user = config.user || decodeURIComponent(colon < 0 ? auth : auth.slice(0, colon));
      config.password = config.password || decodeURIComponent(colon < 0 ? '' : auth.slice(colon + 1));
      if (!config.host) config.host = decodeURIComponent(m[3] || '');
      if (!config.port) config.port = m[4] || '';
      const path = (m[5] || '').slice(1);
      config.database = path ? decodeURI(path) : null;
      if (config.ssl === 'true' || config.ssl === '1') config.ssl = true;
      if (config.ssl === '0') config.ssl = false;
      if (config.sslmode) config.ssl = {};
      if (config.sslmode === 'disable') config.ssl = false;
      if (config.sslmode === 'no-verify') config.ssl.rejectUnauthorized = false;
      return config;
    }
    function settings(options, poolDefaults) {
      let config = typeof options === 'string' ? { connectionString: options } : Object.assign({}, options);
      if (config.connectionString) config = Object.assign({}, config, parseConnectionString(config.connectionString));
      const env = globalThis.process.env;
      const val = (key) => config[key] || env['PG' + key.toUpperCase()] || undefined;
      const user = val('user') || env.USER || '';
      let ssl = config.ssl;
      if (ssl === undefined) {
        const mode = env.PGSSLMODE;
        ssl = mode === 'disable' || !mode ? false : mode === 'no-verify' ? { rejectUnauthorized: false } : true;
      }
      const port = parseInt(val('port') || 5432, 10);
      const number = (v, fallback) => typeof v === 'number' && v >= 0 ? Math.floor(v) : fallback;
      return {
        host: val('host') || 'localhost',
        port: Number.isNaN(port) ? -1 : port,
        user,
        password: config.password !== undefined && config.password !== null && config.password !== '' ? String(config.password) : env.PGPASSWORD,
        database: val('database') || user,
        ssl: !ssl ? 'disable' : ssl.rejectUnauthorized === false ? 'no-verify' : 'require',
        max: number(config.max, poolDefaults.max),
        idleTimeoutMillis: number(config.idleTimeoutMillis, poolDefaults.idleTimeoutMillis),
        connectionTimeoutMillis: number(config.connectionTimeoutMillis, 0),
      };
    }

    // ---- queries
    // pool.query(text, values, callback), pool.query({ text, values, rowMode }, callback), or
    // without a callback, a promise.
    function runQuery(owner, text, values, callback) {
      if (typeof values === 'function') { callback = values; values = undefined; }
      let config = typeof text === 'object' && text !== null ? text : { text, values };
      if (values !== undefined && config.values === undefined) config = Object.assign({}, config, { values });
      let resolve, reject;
      const promise = typeof callback === 'function' ? undefined : new Promise((ok, no) => { resolve = ok; reject = no; });
      const finish = (err, res) => {
        if (promise) { if (err) reject(err); else resolve(res); } else callback(err, res);
      };
      if (typeof config.text !== 'string') {
        const err = new TypeError('Client was passed a null or undefined query');
        crumbs.withContext(() => finish(err))();
        return promise;
      }
      if (owner.ending) {
        const err = new Error(owner instanceof Pool ? 'Cannot use a pool after calling end on the pool' : 'Client was closed and is not queryable');
        globalThis.process.nextTick(finish, err);
        return promise;
      }
      const parameters = (config.values || []).map(v => prepareValue(v));
      const rowMode = config.rowMode;
      start((call) => native.pgQuery(owner._id, config.text, parameters, crumbs.current ? crumbs.current.id : undefined, call), (outcome) => {
        if (outcome.error) return finish(makeError(outcome.error));
        const results = outcome.results.map(r => result(r, rowMode));
        finish(undefined, results.length === 1 ? results[0] : results.length === 0 ? new Result(rowMode) : results);
      });
      return promise;
    }
    function endPool(owner, callback) {
      owner.ending = true;
      let resolve;
      const promise = typeof callback === 'function' ? undefined : new Promise((ok) => { resolve = ok; });
      start((call) => native.pgEnd(owner._id, call), () => {
        owner.ended = true;
        owner.emit('end');
        if (promise) resolve(); else callback();
      });
      return promise;
    }

    // ---- pg-pool's Pool
    class Pool extends Emitter {
      constructor(options) {
        super();
        this.options = Object.assign({ max: 10, idleTimeoutMillis: 10000 }, options);
        Object.defineProperty(this, '_id', { value: native.pgPool(JSON.stringify(settings(options || {}, this.options))) });
        this.ending = false;
        this.ended = false;
      }
      query(text, values, callback) { return runQuery(this, text, values, callback); }
      end(callback) { return endPool(this, callback); }
      // A client of its own (a pool of one connection), released back by ending it.
      connect(callback) {
        const client = new Client(Object.assign({}, this.options, { max: 1 }));
        client.release = () => { client.end(); };
        if (typeof callback === 'function') {
          client.connect((err) => callback(err, err ? undefined : client, client.release));
          return undefined;
        }
        return client.connect().then(() => client);
      }
    }

    // ---- pg's Client: one connection
    class Client extends Emitter {
      constructor(options) {
        super();
        Object.defineProperty(this, '_id', { value: native.pgPool(JSON.stringify(settings(options || {}, { max: 1, idleTimeoutMillis: 0 }))) });
        this.ending = false;
      }
      connect(callback) {
        const promise = runQuery(this, '', [], typeof callback === 'function' ? (err) => callback(err) : undefined);
        return promise && promise.then(() => undefined);
      }
      query(text, values, callback) { return runQuery(this, text, values, callback); }
      end(callback) { return endPool(this, callback); }
    }

    module.exports = { Pool, Client, DatabaseError, types: { setTypeParser() {}, getTypeParser() { return (v) => v; } } };
  });
})(globalThis.__crumbs);
