// res.format picks by Accept (accepts 1.3, negotiator 0.6) and passes a 406 NotAcceptableError
// when nothing matches; res.redirect's body follows Accept too: text, <p>html</p>, or empty
// (Express 4.21 lib/response.js).
const express = require("express");
const app = express();
app.get("/f", (req, res) => res.format({
  text: () => res.send("text"),
  html: () => res.send("<p>html</p>"),
  json: () => res.json({ kind: "json" }),
}));
app.get("/r", (req, res) => res.redirect('/target?q=<a>&b="c"'));
app.use((err, req, res, next) => {
  res.status(err.status).json({ name: err.name, message: err.message, status: err.status, expose: err.expose, types: err.types });
});
app.listen(3000);

=== GET /f
Host: localhost:3000
Accept: application/json
--- response
200 OK
X-Powered-By: Express
Vary: Accept
Content-Type: application/json; charset=utf-8
Content-Length: 15
ETag: W/"f-OlBYabcStayZNIMh/LuXqkZxjJQ"

{"kind":"json"}

=== GET /f
Host: localhost:3000
Accept: text/html;q=0.9, text/plain;q=0.9
--- response
200 OK
X-Powered-By: Express
Vary: Accept
Content-Type: text/html; charset=utf-8
Content-Length: 11
ETag: W/"b-BSwrluJg/83frP5yeP3MEpp5/vg"

<p>html</p>

=== GET /f
Host: localhost:3000
--- response
200 OK
X-Powered-By: Express
Vary: Accept
Content-Type: text/plain; charset=utf-8
Content-Length: 4
ETag: W/"4-Ny6gjKsz5xwCxlHbyDpHTTLGduo"

text

=== GET /f
Host: localhost:3000
Accept: image/png
--- response
406 Not Acceptable
X-Powered-By: Express
Vary: Accept
Content-Type: application/json; charset=utf-8
Content-Length: 137
ETag: W/"89-nwBfT/emPE0uAJGvIzHVq1XWh/4"

{"name":"NotAcceptableError","message":"Not Acceptable","status":406,"expose":true,"types":["text/plain","text/html","application/json"]}

=== GET /r
Host: localhost:3000
Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8
--- response
302 Found
X-Powered-By: Express
Location: /target?q=%3Ca%3E&b=%22c%22
Vary: Accept
Content-Type: text/html; charset=utf-8
Content-Length: 60

<p>Found. Redirecting to /target?q=%3Ca%3E&amp;b=%22c%22</p>

=== GET /r
Host: localhost:3000
--- response
302 Found
X-Powered-By: Express
Location: /target?q=%3Ca%3E&b=%22c%22
Vary: Accept
Content-Type: text/plain; charset=utf-8
Content-Length: 49

Found. Redirecting to /target?q=%3Ca%3E&b=%22c%22

=== GET /r
Host: localhost:3000
Accept: application/json
--- response
302 Found
X-Powered-By: Express
Location: /target?q=%3Ca%3E&b=%22c%22
Vary: Accept
Content-Length: 0

