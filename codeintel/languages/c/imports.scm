; Every `#include "x.h"` / `#include <x.h>` (inside #if branches too).
(preproc_include) @include
