/* A library the repository does not hold: its declarations come from outside. */
#include <stddef.h>
typedef struct z_stream_s z_stream;
extern int deflateInit_(z_stream *strm, int level, const char *version, int stream_size);
extern const char *zlibVersion(void);

int start(z_stream *strm) { return deflateInit_(strm, 6, zlibVersion(), (int)sizeof(void *)); }
