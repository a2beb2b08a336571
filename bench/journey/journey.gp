# bench/journey/run's figure: gnuplot -e "dat='FILE'; out='PNG'" journey.gp
# FILE: "index build ka_ratio close_ratio ka_rps close_rps ka_q1 ka_q3
# close_q1 close_q3" per build; the bars span the middle half of the
# rounds' ratios (first to third quartile).
set terminal pngcairo size 900,500 font ",10"
set output out
set title "khttpd against nginx, build by build (one boot; 1.0 = nginx; bars: middle half of the rounds)"
set ylabel "requests/s, khttpd build / nginx"
set yrange [0:*]
set xrange [-0.3:*]
set offsets 0, 0.3, 0, 0
set grid ytics
set key top left
set xtics rotate by -20
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2
plot dat using ($1-0.05):3:7:8:xtic(2) with yerrorlines lw 2 pt 7 title "keep-alive (wrk, 32 connections)", \
     "" using ($1+0.05):4:9:10 with yerrorlines lw 2 pt 5 title "connection per request (htstress, 32)"
