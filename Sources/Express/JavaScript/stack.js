this.__crumbsStack = (function (native) {
// Node's wording for JavaScriptCore's own errors (NodeErrorWording, in Swift): the message of a
// TypeError, ReferenceError, SyntaxError or RangeError is rewritten in place.
const engine = [TypeError, ReferenceError, SyntaxError, RangeError];
const nodeWording = function (err) {
  if (err instanceof Error && typeof err.message === 'string' && engine.some(E => err instanceof E)) {
    const message = native.nodeMessage(String(err.name), err.message);
    if (message !== err.message) { try { err.message = message; } catch (e) { /* frozen */ } }
  }
  return err;
};
// Errors made as Node's internal ones (lib/internal/errors.js) print their code after the name.
const coded = new WeakSet();
const stack = function (err) {
  nodeWording(err);
  const name = err && err.name !== undefined && coded.has(err) ? `${err.name} [${err.code}]` : err && err.name;
  const head = err && err.name !== undefined ? (err.message ? `${name}: ${err.message}` : String(name)) : String(err);
  const frames = String((err && err.stack) || '').split('\n').filter(Boolean).map(line => {
    const at = line.lastIndexOf('@');
    const fn = at >= 0 ? line.slice(0, at) : '';
    let where = at >= 0 ? line.slice(at + 1) : line;
    if (where === '[native code]') return null;
    return fn ? `    at ${fn} (${where})` : `    at ${where}`;
  }).filter(l => l !== null && !l.includes('crumbs/'));
  return [head, ...frames].join('\n');
};
stack.nodeError = function (Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  coded.add(err);
  Object.defineProperty(err, 'toString', {
    value() { return `${this.name} [${code}]: ${this.message}`; }, writable: true, configurable: true,
  });
  return err;
};
stack.nodeWording = nodeWording;
return stack;
})(this.__native);
