# bench/loadgen/run's figure: gnuplot -e "dir='DIR'; out='PNG'" loadgen.gp
# DIR holds readiness.dat, htstress-cpu.dat and openloop-ts.dat.
set terminal pngcairo size 1500,480 font ",10"
set output out
set multiplot layout 1,3
set grid
set key top left

set title "one wake-up among N watched sockets (readiness.c)"
set logscale xy
set xlabel "watched sockets N"
set ylabel "us per wake-up"
set datafile missing "-"
plot dir."/readiness.dat" using 1:2 with linespoints title "select", \
     "" using 1:3 with linespoints title "poll", \
     "" using 1:4 with linespoints title "epoll (level)", \
     "" using 1:5 with linespoints title "epoll (edge)"

set title "htstress's own CPU per request, keep-alive"
set logscale x
unset logscale y
set yrange [0:*]
set xlabel "htstress connections"
set ylabel "us of htstress CPU per request"
plot dir."/htstress-cpu.dat" using 1:($3+$4) with linespoints title "user+sys", \
     "" using 1:3 with linespoints title "user"

set title "nginx stopped 1 s: openloop latency over the run"
unset logscale
set logscale y
set yrange [*:*]
set xlabel "request due at (ms into the run)"
set ylabel "worst latency in each 100 ms (us)"
plot dir."/openloop-ts.dat" index 1 using 2:3 with lines lw 2 title "from when due (pause)", \
     "" index 1 using 2:4 with lines title "from the send (pause)", \
     "" index 0 using 2:3 with lines title "from when due (no pause)"
unset multiplot
