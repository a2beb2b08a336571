# bench/journey/run's figure: gnuplot -e "dat='FILE'; out='PNG'" journey.gp
# FILE: "index build ka_ratio close_ratio ka_rps close_rps" per build.
set terminal pngcairo size 900,480 font ",10"
set output out
set title "khttpd against nginx, build by build (one boot; 1.0 = nginx)"
set ylabel "requests/s, khttpd build / nginx"
set yrange [0:*]
set grid ytics
set key top left
set xtics rotate by -20
set style data linespoints
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2
plot dat using 1:3:xtic(2) lw 2 pt 7 title "keep-alive (wrk, 32 connections)", \
     "" using 1:4 lw 2 pt 5 title "connection per request (htstress, 32)"
