# bench/soak/run's figure:
#   gnuplot -e "dat='FILE'; out='PNG'; title='T'" soak.gp
# FILE: "min slab_kb sunreclaim_kb memavail_kb khttpd_slab_kb conns
# fib_cache file_cache budget req r5xx reloads", one line a minute.
set terminal pngcairo size 900,500 font ",10"
set output out
set title title
set xlabel "minutes"
set ylabel "MiB"
set y2label "open connections"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set grid ytics
set key center right
plot dat using 1:($2/1024) with linespoints lw 2 pt 7 title "Slab", \
     "" using 1:($3/1024) with linespoints lw 2 pt 5 title "SUnreclaim", \
     "" using 1:($5/1024) with linespoints lw 2 pt 9 title "khttpd slab caches", \
     "" using 1:(($7+$8)/1048576) with linespoints lw 1 pt 3 title "fib + file cache", \
     "" using 1:6 axes x1y2 with linespoints lw 1 pt 1 title "open connections (right)"
