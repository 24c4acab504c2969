(function (global, native) {
  'use strict';
  const crumbsStack = global.__crumbsStack;

  // ---- util.inspect, after Node's lib/internal/util/inspect.js (breakLength 80, compact 3, depth 2)
  const identifier = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

  function quote(s) {
    let q = "'";
    if (s.includes("'")) {
      if (!s.includes('"')) q = '"';
      else if (!s.includes('`') && !s.includes('${')) q = '`';
    }
    let out = '';
    for (const ch of s) {
      const c = ch.charCodeAt(0);
      if (ch === q || ch === '\\') out += '\\' + ch;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else if (ch === '\v') out += '\\v';
      else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
      else out += ch;
    }
    return q + out + q;
  }

  function constructorName(obj) {
    let proto = Object.getPrototypeOf(obj);
    if (proto === null) return null;
    while (proto !== null) {
      const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (d && typeof d.value === 'function' && d.value.name !== '') return d.value.name;
      proto = Object.getPrototypeOf(proto);
    }
    return '';
  }

  function prefix(name, fallback, size) {
    if (name === null) return `[${fallback}${size}: null prototype] `;
    if (name !== fallback) return `${name}${size} `;
    return size ? `${name}${size} ` : '';
  }

  function isBelowBreakLength(ctx, output, start, base) {
    let total = output.length + start;
    if (total + output.length > 80) return false;
    for (const entry of output) {
      total += entry.length;
      if (total > 80) return false;
    }
    return base === '' || !base.includes('\n');
  }

  // Arrays of more than 6 entries in columns, numbers right-aligned (groupArrayElements).
  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let outputLength = output.length;
    if (ctx.extraItems) outputLength--;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (let i = 0; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < 80 && (totalLength / actualMax > 5 || maxLength <= 6)) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
        Math.floor((80 - ctx.indentationLvl) / actualMax),
        3 * 4,
        15,
      );
      if (columns <= 1) return output;
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') { padStart = false; break; }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = '';
        let j = i;
        for (; j < max - 1; j++) {
          const cell = `${output[j]}, `;
          str += padStart ? cell.padStart(maxLineLength[j - i], ' ') : cell.padEnd(maxLineLength[j - i], ' ');
        }
        str += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ') : output[j];
        tmp.push(str);
      }
      if (ctx.extraItems) tmp.push(output[outputLength]);
      output = tmp;
    }
    return output;
  }

  function reduceToSingleString(ctx, output, base, braces, recurseTimes, array) {
    const entries = output.length;
    if (array && entries > 6) output = groupArrayElements(ctx, output, array);
    if (ctx.currentDepth - recurseTimes < 3 && entries === output.length) {
      const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
      if (isBelowBreakLength(ctx, output, start, base)) {
        const joined = output.join(', ');
        if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
      }
    }
    const indentation = '\n' + ' '.repeat(ctx.indentationLvl);
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }

  function formatPrimitive(value) {
    switch (typeof value) {
      case 'string': return quote(value);
      case 'number': return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint': return `${value}n`;
      case 'symbol': return value.toString();
      case 'undefined': return 'undefined';
      case 'boolean': return String(value);
    }
    return String(value);
  }

  function formatError(err) {
    return crumbsStack(err);
  }

  function formatKey(key) {
    if (typeof key === 'symbol') return `[${key.toString()}]`;
    return identifier.test(key) ? key : quote(key);
  }

  function formatProperty(ctx, obj, key, recurseTimes, isArrayIndex) {
    const desc = Object.getOwnPropertyDescriptor(obj, key) || { value: obj[key], enumerable: true };
    let str;
    if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
      ctx.indentationLvl += 2;
      str = formatValue(ctx, desc.value, recurseTimes);
      ctx.indentationLvl -= 2;
    } else if (desc.get !== undefined) {
      str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
    } else {
      str = desc.set !== undefined ? '[Setter]' : 'undefined';
    }
    if (isArrayIndex) return str;
    return `${formatKey(key)}: ${str}`;
  }

  function formatValue(ctx, value, recurseTimes) {
    if (value === null) return 'null';
    if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value);
    if (ctx.seen.includes(value)) {
      let index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
      return `[Circular *${index}]`;
    }
    return formatRaw(ctx, value, recurseTimes);
  }

  function formatRaw(ctx, value, recurseTimes) {
    const name = constructorName(value);
    let keys = Object.keys(value);
    let braces;
    let base = '';
    let formatter = null;
    let isArray = false;

    if (Array.isArray(value)) {
      isArray = true;
      const p = name !== 'Array' || name === null ? prefix(name, 'Array', `(${value.length})`) : '';
      keys = keys.filter(k => !/^(0|[1-9][0-9]*)$/.test(k));
      braces = [`${p}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      formatter = () => {
        const out = [];
        const shown = Math.min(value.length, 100);
        for (let i = 0; i < shown; i++) {
          if (!Object.prototype.hasOwnProperty.call(value, i)) { out.push('<1 empty item>'); continue; }
          out.push(formatProperty(ctx, value, i, recurseTimes, true));
        }
        const remaining = value.length - shown;
        if (remaining > 0) out.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
        return out;
      };
    } else if (value instanceof Map) {
      braces = [`${prefix(name, 'Map', `(${value.size})`)}{`, '}'];
      if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
      formatter = () => {
        const out = [];
        ctx.indentationLvl += 2;
        for (const [k, v] of value) out.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
        ctx.indentationLvl -= 2;
        return out;
      };
    } else if (value instanceof Set) {
      braces = [`${prefix(name, 'Set', `(${value.size})`)}{`, '}'];
      if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
      formatter = () => {
        const out = [];
        ctx.indentationLvl += 2;
        for (const v of value) out.push(formatValue(ctx, v, recurseTimes));
        ctx.indentationLvl -= 2;
        return out;
      };
    } else if (typeof value === 'function') {
      const kind = /^class\s/.test(Function.prototype.toString.call(value)) ? 'class' : 'Function';
      base = value.name ? `[${kind}: ${value.name}]` : `[${kind} (anonymous)]`;
      if (keys.length === 0) return base;
      braces = ['{', '}'];
    } else if (value instanceof Date) {
      base = isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (keys.length === 0) return base;
      braces = ['{', '}'];
    } else if (value instanceof RegExp) {
      base = RegExp.prototype.toString.call(value);
      if (keys.length === 0) return base;
      braces = ['{', '}'];
    } else if (value instanceof Error) {
      base = formatError(value);
      keys = keys.filter(k => k !== 'line' && k !== 'column' && k !== 'sourceURL');
      if (keys.length === 0) return base;
      braces = ['{', '}'];
    } else {
      braces = [`${prefix(name, 'Object', '')}{`, '}'];
      if (keys.length === 0) return `${braces[0]}}`;
    }

    if (recurseTimes > 2) {
      if (isArray) return '[Array]';
      return `[${name === null ? 'Object: null prototype' : (name || 'Object')}]`;
    }
    recurseTimes += 1;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    let output = formatter ? formatter() : [];
    const extraItems = isArray && value.length > 100;
    for (const key of keys) output.push(formatProperty(ctx, value, key, recurseTimes, false));
    for (const sym of Object.getOwnPropertySymbols(value)) {
      if (Object.getOwnPropertyDescriptor(value, sym).enumerable) output.push(formatProperty(ctx, value, sym, recurseTimes, false));
    }
    ctx.seen.pop();
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = `<ref *${index}>`;
      if (base === '') braces[0] = `${reference} ${braces[0]}`;
      else base = `${reference} ${base}`;
    }
    ctx.extraItems = extraItems;
    return reduceToSingleString(ctx, output, base, braces, recurseTimes, isArray ? value : undefined);
  }

  function inspect(value) {
    return formatValue({ seen: [], circular: new Map(), indentationLvl: 0, currentDepth: 0 }, value, 0);
  }

  // util.format: printf-like directives, then the rest joined with spaces.
  function format(...args) {
    let first = args[0];
    let out = '';
    let i = 1;
    if (typeof first === 'string' && args.length > 1 && first.includes('%')) {
      let last = 0;
      for (let p = 0; p < first.length - 1; p++) {
        if (first[p] !== '%') continue;
        const c = first[p + 1];
        let rep;
        if (c === '%') { out += first.slice(last, p) + '%'; last = p + 2; p++; continue; }
        if (i >= args.length) continue;
        const a = args[i];
        switch (c) {
          case 's': rep = typeof a === 'string' ? a : (typeof a === 'object' && a !== null ? inspect(a) : String(a)); break;
          case 'd': case 'i': rep = typeof a === 'object' ? 'NaN' : String(c === 'i' ? parseInt(a) : Number(a)); break;
          case 'f': rep = String(parseFloat(a)); break;
          case 'j': try { rep = JSON.stringify(a); } catch (e) { rep = '[Circular]'; } break;
          case 'o': case 'O': rep = inspect(a); break;
          case 'c': rep = ''; break;
          default: continue;
        }
        out += first.slice(last, p) + rep;
        last = p + 2;
        p++;
        i++;
      }
      out += first.slice(last);
    } else {
      out = typeof first === 'string' ? first : inspect(first);
    }
    for (; i < args.length; i++) {
      const a = args[i];
      out += ' ' + (typeof a === 'string' ? a : inspect(a));
    }
    return args.length === 0 ? '' : out;
  }

  // ---- V8's JSON.parse messages (Node 20), found by scanning the text JavaScriptCore refused
  function unexpectedTokenMessage(s, pos, plain) {
    if (!plain && ['undefined', 'NaN', 'Infinity', '[object Object]'].includes(s)) return `"${s}" is not valid JSON`;
    let excerpt;
    if (s.length <= 20) excerpt = `"${s}"`;
    else {
      const start = pos >= 10 ? pos - 10 : 0;
      const end = pos + 10 < s.length ? pos + 10 : s.length;
      excerpt = (start > 0 ? '...' : '') + `"${s.slice(start, end)}"` + (end < s.length ? '...' : '');
    }
    return `Unexpected token '${s[pos]}', ${excerpt} is not valid JSON`;
  }
  function jsonErrorMessage(s) {
    const n = s.length;
    let i = 0;
    const fail = (m) => { throw { json: m }; };
    const at = (m) => fail(`${m} in JSON at position ${i}`);
    const ws = () => { while (i < n && ' \t\n\r'.includes(s[i])) i++; };
    const digit = (c) => c >= '0' && c <= '9';
    const unexpected = () => {
      if (i >= n) fail('Unexpected end of JSON input');
      if (s[i] === '"') at('Unexpected string');
      if (s[i] === '-' || digit(s[i])) at('Unexpected number');
      fail(unexpectedTokenMessage(s, i));
    };
    const expect = (c, m) => { ws(); if (s[i] !== c) at(m); i++; };
    function string() {
      i++;
      for (;;) {
        if (i >= n) at('Unterminated string');
        const c = s[i];
        if (c === '"') { i++; return; }
        if (c.charCodeAt(0) < 0x20) at('Bad control character in string literal');
        if (c === '\\') {
          i++;
          if (i >= n) at('Unterminated string');
          if (s[i] === 'u') {
            for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(s[i + k] || '')) { i += k; at('Bad Unicode escape'); }
            i += 4;
          } else if (!'"\\/bfnrt'.includes(s[i])) at('Bad escaped character');
        }
        i++;
      }
    }
    function number() {
      if (s[i] === '-') { i++; if (!digit(s[i] || '')) at('No number after minus sign'); }
      if (s[i] === '0') { i++; if (digit(s[i] || '')) at('Unexpected number'); }
      else while (digit(s[i] || '')) i++;
      if (s[i] === '.') { i++; if (!digit(s[i] || '')) at('Unterminated fractional number'); while (digit(s[i] || '')) i++; }
      if (s[i] === 'e' || s[i] === 'E') {
        i++;
        if (s[i] === '+' || s[i] === '-') i++;
        if (!digit(s[i] || '')) at('Exponent part is missing a number');
        while (digit(s[i] || '')) i++;
      }
    }
    function value() {
      ws();
      const c = s[i];
      if (c === '{') {
        i++; ws();
        if (s[i] === '}') { i++; return; }
        if (s[i] !== '"') at("Expected property name or '}'");
        for (;;) {
          string();
          expect(':', "Expected ':' after property name");
          value();
          ws();
          if (s[i] === '}') { i++; return; }
          if (s[i] !== ',') at("Expected ',' or '}' after property value");
          i++; ws();
          if (s[i] !== '"') at('Expected double-quoted property name');
        }
      }
      if (c === '[') {
        i++; ws();
        if (s[i] === ']') { i++; return; }
        for (;;) {
          value();
          ws();
          if (s[i] === ']') { i++; return; }
          if (s[i] !== ',') at("Expected ',' or ']' after array element");
          i++;
        }
      }
      if (c === '"') return string();
      if (c === '-' || digit(c || '')) return number();
      for (const literal of ['true', 'false', 'null']) {
        if (c !== literal[0]) continue;
        for (const ch of literal) { if (s[i] !== ch) unexpected(); i++; }
        return;
      }
      unexpected();
    }
    try {
      value();
      ws();
      if (i < n) fail(`Unexpected non-whitespace character after JSON at position ${i}`);
    } catch (e) {
      if (e && typeof e.json === 'string') return e.json;
      throw e;
    }
    return null;
  }
  const originalParse = JSON.parse;
  JSON.parse = function parse(text, reviver) {
    try {
      return originalParse.call(JSON, text, reviver);
    } catch (e) {
      if (e instanceof SyntaxError && /^JSON Parse error/.test(e.message)) {
        const message = jsonErrorMessage(String(text));
        if (message) e.message = message;
      }
      throw e;
    }
  };

  // ---- request context, carried through timers and promise callbacks. An `await` resumes in
  // JavaScriptCore's microtask queue, which runs when the host's call returns and calls no
  // `then` of ours; so a callback's context stays current after it returns, and the
  // continuations its promises release run in it (console.log after an await in a route).
  // (A promise loop, a callback that queues another forever, is stopped by the host's time
  // limit, which covers the promise jobs a call queued: JSContext+Jobs.swift.)
  let current = null;
  const withContext = (fn) => {
    const saved = current;
    return function (...args) {
      current = saved;
      return fn.apply(this, args);
    };
  };
  const originalThen = Promise.prototype.then;
  Promise.prototype.then = function (a, b) {
    return originalThen.call(this, typeof a === 'function' ? withContext(a) : a, typeof b === 'function' ? withContext(b) : b);
  };

  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    console[level] = (...args) => native.log(level, format(...args), current ? current.id : 0);
  }
  console.dir = (v) => native.log('log', inspect(v), current ? current.id : 0);
  console.trace = (...args) => native.log('error', 'Trace: ' + format(...args), current ? current.id : 0);

  // ---- timers: the host fires them by id, on its clock
  const timers = new Map();
  // Node's lib/internal/timers.js: a delay that is not a number from 1 to 2^31-1 becomes 1 ms,
  // with a TimeoutOverflowWarning when it was too large.
  const TIMEOUT_MAX = 2 ** 31 - 1;
  function delayOf(ms) {
    let after = ms * 1;
    if (!(after >= 1 && after <= TIMEOUT_MAX)) {
      if (after > TIMEOUT_MAX) {
        process.emitWarning(`${after} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`, 'TimeoutOverflowWarning');
      }
      after = 1;
    }
    return after;
  }
  let nextTimer = 1;
  const immediates = [];
  const ticks = [];
  class Timeout {
    constructor(id) { this._id = id; }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    refresh() {
      const entry = timers.get(this._id);
      if (entry) native.timer(this._id, entry.delay);
      return this;
    }
    [Symbol.toPrimitive]() { return this._id; }
  }
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') {
      throw crumbsStack.nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "callback" argument must be of type function. ' + received(fn));
    }
    const id = nextTimer++;
    const delay = delayOf(ms);
    timers.set(id, { fn: withContext(() => fn(...args)), delay, repeat, kind: repeat ? 'setInterval' : 'setTimeout' });
    native.timer(id, delay);
    return new Timeout(id);
  }
  // lib/internal/errors.js: how ERR_INVALID_ARG_TYPE describes the value it got.
  function received(value) {
    if (value === null || value === undefined) return `Received ${value}`;
    if (typeof value === 'function') return `Received function ${value.name}`;
    if (typeof value === 'object') {
      const name = constructorName(value);
      return name ? `Received an instance of ${name}` : `Received ${inspect(value)}`;
    }
    let shown = inspect(value);
    if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
    return `Received type ${typeof value} (${shown})`;
  }
  function setTimeout(fn, ms, ...args) { return addTimer(fn, ms, args, false); }
  function setInterval(fn, ms, ...args) { return addTimer(fn, ms, args, true); }
  function clearTimeout(t) {
    const id = typeof t === 'object' && t !== null ? t._id : Number(t);
    if (timers.delete(id)) native.clearTimer(id);
  }
  // fn with the arguments after it, as many as were given (Node's setImmediate(callback,
  // ...args)). A callback gets one or two as a rule (a store's (err, value)): those calls go
  // without a spread, which JavaScriptCore's optimised code leaves (a "varargs overflow") each
  // time the count it saw changes, sending a hot caller back to be compiled again.
  function later(fn, a, b, given, all) {
    switch (given) {
      case -1: case 0: return () => fn();
      case 1: return () => fn(a);
      case 2: return () => fn(a, b);
      default: { const rest = Array.prototype.slice.call(all, 1); return () => fn(...rest); }
    }
  }
  function setImmediate(fn, a, b) {
    const entry = { fn: withContext(later(fn, a, b, arguments.length - 1, arguments.length > 3 ? arguments : null)), cancelled: false };
    immediates.push(entry);
    return entry;
  }
  function clearImmediate(entry) { if (entry) entry.cancelled = true; }
  function nextTick(fn, a, b) { ticks.push(withContext(later(fn, a, b, arguments.length - 1, arguments.length > 3 ? arguments : null))); }
  // Node's lengths (setImmediate(callback, ...args)).
  Object.defineProperty(setImmediate, 'length', { value: 1 });
  Object.defineProperty(nextTick, 'length', { value: 1 });

  function reportUncaught(err, where) {
    const text = 'Uncaught ' + (err instanceof Error ? crumbsStack(err) : inspect(err));
    native.log('error', where ? `${text}\n(${where}: Node would print this and exit; crumbs keeps the server running)` : text, current ? current.id : 0);
  }

  // A promise rejected with no handler by the end of its turn. Node 20 prints the error and
  // exits (--unhandled-rejections=throw); crumbs prints it and keeps serving.
  function reportRejection(promise, reason) {
    const text = reason instanceof Error
      ? crumbsStack(reason)
      : `[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${inspect(reason)}".] { code: 'ERR_UNHANDLED_REJECTION' }`;
    native.log('error', `Uncaught (in promise) ${text}\n(an unhandled rejection: Node would print this and exit; crumbs keeps the server running)`, current ? current.id : 0);
  }

  function runTicks() {
    while (ticks.length) {
      const t = ticks.shift();
      try { t(); } catch (e) { reportUncaught(e); }
    }
  }
  // Runs queued ticks and immediates until none are left (bounded, so a callback that keeps
  // queueing itself cannot hang the host; the host reads the queues' lengths itself).
  function drain() {
    for (let rounds = 0; rounds < 100 && (ticks.length || immediates.length); rounds++) {
      runTicks();
      const batch = immediates.splice(0, immediates.length);
      for (const entry of batch) {
        if (entry.cancelled) continue;
        try { entry.fn(); } catch (e) { reportUncaught(e); }
        runTicks();
      }
    }
  }

  // A request's turn: its ticks run now, its immediates wait for the check phase, which comes
  // after the requests that arrived with it have begun (as in Node's event loop).
  function runTicksOnly() {
    runTicks();
  }

  function fireTimer(id) {
    const entry = timers.get(id);
    if (!entry) return;
    if (entry.repeat) native.timer(id, entry.delay); else timers.delete(id);
    try { entry.fn(); } catch (e) { reportUncaught(e, `in a ${entry.kind} callback`); }
    drain();
  }

  // ---- Date on the virtual clock
  const RealDate = Date;
  // The host's clock; when it is the system clock, Date reads it here, without a call into Swift.
  const clockNow = native.systemClock === true ? RealDate.now : () => native.now();
  // Date's seven parameters (Date.length is 7), passed on as many as were given: an explicit
  // undefined is not a missing argument (new Date(2024, 0, undefined) is an Invalid Date), and a
  // call of this one shape each time stays on JavaScriptCore's fast path where a spread does not.
  function VirtualDate(year, monthIndex, day, hours, minutes, seconds, ms) {
    if (!new.target) return new RealDate(clockNow()).toString();
    const n = arguments.length;
    if (new.target !== VirtualDate) {
      // A subclass (class Stamp extends Date): its instance, with its own prototype.
      return Reflect.construct(RealDate, n === 0 ? [clockNow()] : Array.prototype.slice.call(arguments), new.target);
    }
    switch (n) {
      case 0: return new RealDate(clockNow());
      case 1: return new RealDate(year);
      case 2: return new RealDate(year, monthIndex);
      case 3: return new RealDate(year, monthIndex, day);
      case 4: return new RealDate(year, monthIndex, day, hours);
      case 5: return new RealDate(year, monthIndex, day, hours, minutes);
      case 6: return new RealDate(year, monthIndex, day, hours, minutes, seconds);
      default: return new RealDate(year, monthIndex, day, hours, minutes, seconds, ms);
    }
  }
  VirtualDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  VirtualDate.now = () => clockNow();
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });

  // ---- process
  const env = Object.assign(Object.create(null), native.env());
  const process = {
    env,
    argv: ['node', 'app.js'],
    platform: 'linux',
    version: 'v20.0.0',
    versions: { node: '20.0.0' },
    pid: 1,
    nextTick,
    cwd: () => '/app',
    hrtime: Object.assign((prev) => {
      const ms = clockNow();
      const t = [Math.floor(ms / 1000), (ms % 1000) * 1e6];
      return prev ? [t[0] - prev[0], t[1] - prev[1]] : t;
    }, { bigint: () => BigInt(clockNow()) * 1000000n }),
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }),
    uptime: () => 0,
    emitWarning: (w, type) => native.log('warn', `(node:1) ${w instanceof Error ? w.name + ': ' + w.message : (typeof type === 'string' ? type : 'Warning') + ': ' + w}`, current ? current.id : 0),
    on() { return process; },
    once() { return process; },
    exit(code) { throw new Error(`process.exit(${code === undefined ? '' : code}) is not available in crumbs: the server keeps running`); },
  };

  // ---- modules
  const modules = Object.create(null);
  const cache = Object.create(null);
  function define(name, factory) { modules[name] = factory; }
  // Modules whose scripts run on their first require (RuntimeScript.onDemand).
  const onDemand = ['connect-sqlite3', 'pg', 'connect-pg-simple'];
  function require(name) {
    if (typeof name !== 'string') throw new TypeError('The "id" argument must be of type string. Received ' + inspect(name));
    const key = name.startsWith('node:') ? name.slice(5) : name;
    if (key in cache) return cache[key];
    if (!(key in modules) && onDemand.includes(key)) native.loadModule(key);
    if (!(key in modules)) {
      const available = Object.keys(modules).concat(onDemand.filter(m => !(m in modules))).filter(m => !m.startsWith('_')).sort().join(', ');
      const err = new Error(`Cannot find module '${name}': crumbs provides ${available}`);
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    }
    const module = { exports: {} };
    cache[key] = module.exports;
    modules[key](module, module.exports, require);
    cache[key] = module.exports;
    return module.exports;
  }

  define('util', (module) => {
    module.exports = { inspect, format, deprecate: (fn) => fn, promisify: (fn) => (...a) => new Promise((ok, no) => fn(...a, (e, v) => e ? no(e) : ok(v))) };
  });

  global.__crumbs = {
    inspect, format, define, require, drain, runTicksOnly, fireTimer, withContext, unexpectedTokenMessage, reportRejection,
    stack: crumbsStack, nodeError: crumbsStack.nodeError, nodeWording: crumbsStack.nodeWording,
    // The queues themselves, whose lengths the host reads without a call into JavaScript.
    queues: { ticks, immediates },
    get current() { return current; },
    set current(c) { current = c; },
    native,
  };
  global.console = console;
  global.process = process;
  global.require = require;
  global.module = { exports: {} };
  global.exports = global.module.exports;
  global.setTimeout = setTimeout;
  global.clearTimeout = clearTimeout;
  global.setInterval = setInterval;
  global.clearInterval = clearTimeout;
  global.setImmediate = setImmediate;
  global.clearImmediate = clearImmediate;
  global.queueMicrotask = (fn) => Promise.resolve().then(fn);
  global.Date = VirtualDate;
  global.global = global;
  global.globalThis = global;
  global.__filename = '/app/app.js';
  global.__dirname = '/app';
})(this, this.__native);
delete this.__native;
