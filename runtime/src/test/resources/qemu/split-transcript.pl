#!/usr/bin/perl
# Splits a raw QEMU monitor transcript into one file per command: the output of each command
# without the monitor banner, the "(qemu) " prompts, the echoed command line with its terminal
# escape sequences, and the CR of each CRLF. Used by capture.sh here and ../qemu-machines/capture.sh.
#
# Usage: split-transcript.pl RAW DIR FILE=COMMAND ...   (the pairs in the order the commands were
# sent; one more prompt, that of "quit", must follow them)
use strict; use warnings;
my ($raw, $dir, @pairs) = @ARGV;
open(my $in, "<:raw", $raw) or die "$raw: $!";
local $/; my $t = <$in>; close $in;
my @seg = split /\(qemu\) /, $t, -1;
shift @seg;                                  # the banner
die "expected " . (@pairs + 1) . " prompts, got " . scalar(@seg) . "\n"
    unless @seg == @pairs + 1;               # the last one is "quit"
for my $i (0 .. $#pairs) {
    my ($file, $cmd) = split /=/, $pairs[$i], 2;
    my $s = $seg[$i];
    # The echo of the typed command ends at the first CRLF.
    my $nl = index($s, "\r\n");
    die "no echo line for $cmd\n" if $nl < 0;
    my $echo = substr($s, 0, $nl);
    $echo =~ s/\e\[[0-9;]*[A-Za-z]//g;
    die "echo \"$echo\" does not end with \"$cmd\"\n"
        unless substr($echo, -length($cmd)) eq $cmd;
    my $out = substr($s, $nl + 2);
    $out =~ s/\r\n/\n/g;
    die "unexpected escape sequence or CR in output of $cmd\n" if $out =~ /[\e\r]/;
    open(my $o, ">:raw", "$dir/$file") or die "$dir/$file: $!";
    print $o $out; close $o;
}

