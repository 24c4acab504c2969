// req.query uses qs ("extended", Express 4's default query parser: nesting, arrays sorted by
// index, depth 5, indexes up to 20); express.urlencoded({ extended: false }) uses Node's flat
// querystring into a null-prototype object, extended: true uses qs (body-parser 1.20).
const express = require("express");
const app = express();
const show = (req, res) => res.json({ body: req.body, nullPrototype: Object.getPrototypeOf(req.body) === null });
app.get("/q", (req, res) => res.json(req.query));
app.get("/a", (req, res) => res.json(req.query.a));
app.post("/flat", express.urlencoded({ extended: false }), show);
app.post("/nested", express.urlencoded({ extended: true }), show);
app.listen(3000);

=== GET /q?a[b][c]=1&x=1&x=2&arr[]=1&arr[]=2
Host: localhost:3000
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 51
ETag: W/"33-rkywaYF0d9/6bZFAt06yJN7MVfg"

{"a":{"b":{"c":"1"}},"x":["1","2"],"arr":["1","2"]}

=== GET /a?a[1]=y&a[0]=x
Host: localhost:3000
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 9
ETag: W/"9-EaHNs3DNrMh462aYiNHDyjT0Hzo"

["x","y"]

=== GET /q?a[b][c][d][e][f][g][h]=deep
Host: localhost:3000
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 53
ETag: W/"35-ZvtMO6adyqqEe0H7AQ2YgUo1jNc"

{"a":{"b":{"c":{"d":{"e":{"f":{"[g][h]":"deep"}}}}}}}

=== GET /q?a[21]=x&b[20]=x
Host: localhost:3000
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 26
ETag: W/"1a-axAq4z2+w5sUkJrzXOfGz8KKKQw"

{"a":{"21":"x"},"b":["x"]}

=== POST /flat
Host: localhost:3000
Content-Type: application/x-www-form-urlencoded
Content-Length: 25

a[b][c]=1&x=1&x=2&arr[]=1
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 71
ETag: W/"47-dhgOGOEEhqjqgVXm0sjkUChahC0"

{"body":{"a[b][c]":"1","x":["1","2"],"arr[]":"1"},"nullPrototype":true}

=== POST /nested
Host: localhost:3000
Content-Type: application/x-www-form-urlencoded
Content-Length: 17

a[b][c]=1&x=1&x=2
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 66
ETag: W/"42-GhIS7hxfqbWIkA+chim9Qc6VrcA"

{"body":{"a":{"b":{"c":"1"}},"x":["1","2"]},"nullPrototype":false}

