// jemalloc's settings, compiled into the programs that link it (jemalloc
// reads this symbol when it sets itself up, before main; MALLOC_CONF in the
// environment still overrides it).
//
// narenas:1 — one arena for every thread rather than four per core. With
// eight arenas, a start in memory spread its threads over as many arenas,
// each setting up its own slabs: 100 page faults more (760 against 660) and
// 400 KB more idle resident memory. The per-thread caches take nearly every
// allocation; over HTTP (16 connections, the seed's mixed workload) one
// arena and eight served the same requests per CPU-second, within the
// noise of the measurement.
//
// dirty_decay_ms:60000 — freed pages go back to the system after a minute
// unused rather than ten seconds. When a workload changes (GSI queries
// after GetItems, say), the block cache replaces blocks of one size with
// blocks of another, and with the ten-second default jemalloc returned
// pages that it had to take back (and fault in) moments later: on disk at
// 12.4 million items, 18,000 madvise calls in ten seconds of GSI queries,
// a tenth of the server's CPU with the page faults that followed, and the
// queries cost 10 to 25% more CPU than with a minute. The server returns
// free memory itself once writes stop (Storage's idle task purges every
// arena), so a quiet server still gives its memory back.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "narenas:1,dirty_decay_ms:60000";
}
