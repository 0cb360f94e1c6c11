int checksum(const char *data, int n);
