// trust proxy "loopback, 192.168.1.1": req.ip, req.ips, req.protocol, req.secure and req.hostname (Express 4.21 lib/request.js, proxy-addr 2.0)
const express = require("express");
const app = express();
app.set("trust proxy", "loopback, 192.168.1.1");
app.get("/who", (req, res) => {
  res.json({ ip: req.ip, ips: req.ips, protocol: req.protocol, secure: req.secure, hostname: req.hostname });
});
app.listen(3000, "127.0.0.1");

=== GET /who
Host: localhost:3000
X-Forwarded-For: 203.0.113.9, 10.0.0.2, 192.168.1.1
X-Forwarded-Proto: https, http
X-Forwarded-Host: a.b.example.com:8443, other
--- response
200 OK
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 112
ETag: W/"70-4DeQTJnWm0LKHUYjz7HCNRaTpV8"

{"ip":"10.0.0.2","ips":["10.0.0.2","192.168.1.1"],"protocol":"https","secure":true,"hostname":"a.b.example.com"}

