// The session app with cookie.maxAge: express-session sends a fresh Set-Cookie (with Expires)
// on every response, so this measures the cost of the cookie itself.
const express = require("express");
const session = require("express-session");
const app = express();

app.use(session({ resave: false, saveUninitialized: false, secret: "keyboard cat", cookie: { maxAge: 60000 } }));

app.get("/", (req, res) => {
  req.session.views = (req.session.views || 0) + 1;
  res.send(`views: ${req.session.views}`);
});

app.listen(3999);
