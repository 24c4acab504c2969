// Behind an HTTPS proxy with trust proxy, a secure session cookie is sent; without the proxy's
// X-Forwarded-Proto it is not (express-session 1.18 issecure: req.secure, i.e. Express's trust proxy).
const express = require("express");
const session = require("express-session");
const app = express();
app.set("trust proxy", 1);
app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: true, cookie: { secure: true } }));
app.get("/", (req, res) => res.send("hi"));
app.listen(3000);

=== GET /
Host: shop.example.com
X-Forwarded-Proto: https
--- response
200 OK
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 2
ETag: W/"2-witfkXg0JglCjW9RssWvTAveakI"
Set-Cookie: connect.sid=s%3AAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB.2CD0M7xG1rqapGjakbfwfg6etITLntK4NSWVOOLUNws; Path=/; HttpOnly; Secure

hi

=== GET /
Host: shop.example.com
--- response
200 OK
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 2
ETag: W/"2-witfkXg0JglCjW9RssWvTAveakI"

hi

