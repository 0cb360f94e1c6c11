import { impl } from './api.js';

impl.run();
