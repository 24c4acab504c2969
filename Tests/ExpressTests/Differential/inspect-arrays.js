// console.log of long arrays as Node 20 prints them (util.inspect: groupArrayElements, more
// than 6 entries in columns with numbers right-aligned, "... N more items" after 100).
const express = require("express");
const app = express();
console.log([0, 1, 2, 3, 4, 5, 6]);
console.log([1, 2, 3, 4, 5, 6]);
console.log([1, 22, 333, 4444, 55555, 1, 22, 333]);
console.log(Array.from({ length: 101 }, (_, i) => i));
console.log(["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew"]);
console.log({ scores: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], names: ["a", "b", "c", "d", "e", "f", "g"] });
console.log(Array.from({ length: 103 }, () => "x"));
console.log(Array.from({ length: 7 }, (_, i) => ({ a: i })));
app.listen(3000);

=== load
--- log
[
  0, 1, 2, 3,
  4, 5, 6
]
[ 1, 2, 3, 4, 5, 6 ]
[
     1,    22, 333,
  4444, 55555,   1,
    22,   333
]
[
   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,
  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
  60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,
  84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
  96, 97, 98, 99,
  ... 1 more item
]
[
  'apple',
  'banana',
  'cherry',
  'date',
  'elderberry',
  'fig',
  'grape',
  'honeydew'
]
{
  scores: [
    10, 9, 8, 7, 6,
     5, 4, 3, 2, 1
  ],
  names: [
    'a', 'b', 'c',
    'd', 'e', 'f',
    'g'
  ]
}
[
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x',
  ... 3 more items
]
[
  { a: 0 }, { a: 1 },
  { a: 2 }, { a: 3 },
  { a: 4 }, { a: 5 },
  { a: 6 }
]

