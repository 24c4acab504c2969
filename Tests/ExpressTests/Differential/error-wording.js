// Node's (V8's) wording for the common TypeError and ReferenceError forms, in err.message, in
// the error page and in the log (Node 20).
const express = require("express");
const app = express();
app.get("/sned", (req, res) => { res.sned("oops"); });
app.get("/name", (req, res) => { res.send(req.body.name); });
app.get("/x", (req, res) => { res.send(x); });
app.get("/null", (req, res) => { const o = null; res.send(o.foo); });
app.get("/set", (req, res) => { const u = undefined; u.count = 1; });
app.use((err, req, res, next) => {
  console.error(`${err.name}: ${err.message}`);
  res.status(500).send(err.message);
});
app.listen(3000);

=== GET /sned
Host: localhost:3000
--- response
500 Internal Server Error
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 26
ETag: W/"1a-+J8B9vsr62q57h72dpNrK/XmZM4"

res.sned is not a function
--- log
TypeError: res.sned is not a function

=== GET /name
Host: localhost:3000
--- response
500 Internal Server Error
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 52
ETag: W/"34-It9rkqa+mWPo6lLocRsBsTfJKUo"

Cannot read properties of undefined (reading 'name')
--- log
TypeError: Cannot read properties of undefined (reading 'name')

=== GET /x
Host: localhost:3000
--- response
500 Internal Server Error
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 16
ETag: W/"10-eX0oDpKpAPQUd7M62SBc7N7tKL0"

x is not defined
--- log
ReferenceError: x is not defined

=== GET /null
Host: localhost:3000
--- response
500 Internal Server Error
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 46
ETag: W/"2e-aQlkR4fqU1bLfdBnn5xo5aZV/5Q"

Cannot read properties of null (reading 'foo')
--- log
TypeError: Cannot read properties of null (reading 'foo')

=== GET /set
Host: localhost:3000
--- response
500 Internal Server Error
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 52
ETag: W/"34-AQR1W7rwLuM8W+6Hhktpff+Yb58"

Cannot set properties of undefined (setting 'count')
--- log
TypeError: Cannot set properties of undefined (setting 'count')

