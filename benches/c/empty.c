/* Cold-start baseline for the C column: a program that does not load libgovuk_notify.
 * Prints its peak RSS (VmHWM) like the drivers do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "VmHWM:", 6) == 0) kb = atol(line + 6);
        fclose(f);
    }
    printf("{\"ok\": true, \"maxrss_kb\": %ld}\n", kb);
    return 0;
}
