import { start } from './lib';

start();
