#!/usr/bin/env python3
"""Splits a flame graph's CPU samples into coarse categories (JIT compiler, GC, I/O thread, send/poll on the
application thread, ...), to compare two clients' profiles at a glance.

Usage: bench/flame-categories.py PROFILE.collapsed
Collapsed stacks come from async-profiler (file=x.collapsed) or from an HTML flame graph through its converter:
  java -jar ~/.m2/repository/tools/profiler/jfr-converter/4.1/jfr-converter-4.1.jar -o collapsed x.html x.collapsed
The first matching rule wins; rules are substrings of any frame in the stack.
"""
import sys, collections
cats=collections.Counter(); total=0
rules=[('JIT compiler',('CompileBroker','C2Compiler','Compile::','C1')),
       ('GC',('G1','GC','WorkerThread','ConcurrentGCThread','Parallel')),
       ('payload generation (tool)',('RandomSupport','SplittableRandom','ThreadLocalRandom','Random.next')),
       ('netty I/O thread',('io/netty/channel/nio/NioEventLoop','io/netty/util/concurrent/SingleThreadEventExecutor','io/netty/channel/epoll')),
       ('kafka network thread (Sender/NetworkClient)',('org/apache/kafka/clients/producer/internals/Sender.run','org/apache/kafka/clients/NetworkClient.poll','KafkaThread')),
       ('samsa sender',('dev/samsa/internal/producer/Sender',)),
       ('send() on app thread',('KafkaProducer.send','KafkaProducer.doSend','dev/samsa/internal/producer/SamsaProducer.send')),
       ('poll() on app thread',('KafkaConsumer.poll','ClassicKafkaConsumer.poll','AsyncKafkaConsumer.poll','dev/samsa/internal/consumer/SamsaConsumer.poll')),
       ('consumer background thread',('ConsumerNetworkThread',)),
       ('interpreter/startup/classload',('Interpreter','ClassLoader','SystemDictionary','SymbolTable','Klass','link_class','JVM_DefineClass')),
       ]
for line in open(sys.argv[1]):
    line=line.rstrip()
    if not line: continue
    stack,_,n=line.rpartition(' ')
    n=int(n); total+=n
    c='other'
    for name,keys in rules:
        if any(k in stack for k in keys): c=name; break
    cats[c]+=n
print(sys.argv[1].split('/')[-1], "samples", total)
for c,n in cats.most_common(): print(f"  {100*n/total:5.1f}% {c}")
