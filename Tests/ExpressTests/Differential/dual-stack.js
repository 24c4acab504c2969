// app.listen(port) without a host listens on :: (dual stack), so Node reports an IPv4 client
// as ::ffff:127.0.0.1 (Node 20 net; Express 4.21 req.ip).
const express = require("express");
const app = express();
app.get("/", (req, res) => res.json({ ip: req.ip, remoteAddress: req.socket.remoteAddress }));
app.listen(3000);

=== GET /
Host: localhost:3000
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 60
ETag: W/"3c-ZG498hTf3j1FDkSZZR3ZKgAziWA"

{"ip":"::ffff:127.0.0.1","remoteAddress":"::ffff:127.0.0.1"}

