import h from './util';

h();
