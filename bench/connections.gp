# req/s versus concurrency for the three servers, from bench/report.py's
# data files.  gnuplot -e "outfile='X.png'; datadir='DIR'; subtitle='...'" connections.gp
set terminal pngcairo size 1200,520 font "sans,10"
set output outfile
set multiplot layout 1,2 title "khttpd vs nginx vs epoll-server: GET / (34-byte body)\n{/*0.85 ".subtitle."}"
set logscale x 2
set grid
set key top left opaque
set xlabel "concurrent connections"
set ylabel "requests per second"
set yrange [0:*]
set format y "%.0f"
k = "#c0392b"; n = "#2471a3"; e = "#7f8c8d"

set title "keep-alive (solid: htstress, dashed: wrk)"
set xrange [0.7:370]
set xtics (1, 32, 256)
plot datadir."/plot-keepalive-htstress.dat" using 1:2 with linespoints lw 2 pt 7 lc rgb k title "khttpd", \
     "" using 1:3 with linespoints lw 2 pt 5 lc rgb n title "nginx", \
     "" using 1:4 with linespoints lw 2 pt 9 lc rgb e title "epoll-server", \
     datadir."/plot-keepalive-wrk.dat" using 1:2 with linespoints lw 2 dt 2 pt 6 lc rgb k notitle, \
     "" using 1:3 with linespoints lw 2 dt 2 pt 4 lc rgb n notitle, \
     "" using 1:4 with linespoints lw 2 dt 2 pt 8 lc rgb e notitle

set title "connection per request (htstress)"
set xrange [0.7:46]
set xtics (1, 32)
plot datadir."/plot-close-htstress.dat" using 1:2 with linespoints lw 2 pt 7 lc rgb k title "khttpd", \
     "" using 1:3 with linespoints lw 2 pt 5 lc rgb n title "nginx", \
     "" using 1:4 with linespoints lw 2 pt 9 lc rgb e title "epoll-server"
unset multiplot
