// The article's session app, with a route that reads and modifies the session.
const express = require("express");
const session = require("express-session");
const app = express();

app.use(session({ resave: false, saveUninitialized: false, secret: "keyboard cat" }));

app.get("/", (req, res) => {
  req.session.views = (req.session.views || 0) + 1;
  res.send(`views: ${req.session.views}`);
});

app.listen(3999);
