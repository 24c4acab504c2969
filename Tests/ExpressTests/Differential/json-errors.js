// V8's JSON messages (Node 20): express.json() rejects bad bodies with them (400,
// entity.parse.failed; strict mode names the first character), and JSON.parse in a route
// throws them.
const express = require("express");
const app = express();
app.use(express.json());
app.post("/echo", (req, res) => res.json(req.body));
app.get("/parse", (req, res) => res.json(JSON.parse(req.query.text)));
app.use((err, req, res, next) => {
  console.error(`${err.name}: ${err.message}`);
  res.status(err.status || 500).json({ type: err.type, message: err.message });
});
app.listen(3000);

=== POST /echo
Host: localhost:3000
Content-Type: application/json
Content-Length: 15

{"name":"ann",}
--- response
400 Bad Request
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 102
ETag: W/"66-I1wpY6afmvEu6sGmMZanehpTiLs"

{"type":"entity.parse.failed","message":"Expected double-quoted property name in JSON at position 14"}
--- log
SyntaxError: Expected double-quoted property name in JSON at position 14

=== POST /echo
Host: localhost:3000
Content-Type: application/json
Content-Length: 4

null
--- response
400 Bad Request
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 91
ETag: W/"5b-N+c3jywVaXSm0iSO4f0FSum9vx8"

{"type":"entity.parse.failed","message":"Unexpected token 'n', \"null\" is not valid JSON"}
--- log
SyntaxError: Unexpected token 'n', "null" is not valid JSON

=== POST /echo
Host: localhost:3000
Content-Type: application/json
Content-Length: 42

<!DOCTYPE html><html><body>x</body></html>
--- response
400 Bad Request
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 100
ETag: W/"64-26LRW5zxy+2TBN74T94Yl+09Wns"

{"type":"entity.parse.failed","message":"Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"}
--- log
SyntaxError: Unexpected token '<', "<!DOCTYPE "... is not valid JSON

=== GET /parse?text=%7Bbad%7D
Host: localhost:3000
--- response
500 Internal Server Error
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 65
ETag: W/"41-Kuukzn0w5I3vW0uEwoIb2xlvrkg"

{"message":"Expected property name or '}' in JSON at position 1"}
--- log
SyntaxError: Expected property name or '}' in JSON at position 1

