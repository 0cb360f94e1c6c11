import fs from 'fs';
import { join } from 'path';
import * as _ from 'lodash';
const express = require('express');

function load(p) {
  return fs.readFileSync(join('a', p));
}

const app = express();
_.chunk([1], 1);
load('x');
