// The session app with rolling: true and a maxAge: the cookie is re-sent (and the session
// touched) on every response, modified or not.
const express = require("express");
const session = require("express-session");
const app = express();

app.use(session({ resave: false, saveUninitialized: false, rolling: true, secret: "keyboard cat", cookie: { maxAge: 60000 } }));

app.get("/", (req, res) => {
  req.session.views = (req.session.views || 0) + 1;
  res.send(`views: ${req.session.views}`);
});

app.listen(3999);
