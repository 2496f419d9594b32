/**
 * The resource adapter in a real Payara Micro. In this package, Arquillian's managed container: applications inject
 * producers with {@code @Resource}, consume with message-driven beans (on the native listener or on annotated
 * methods), and mix both with an H2 XA data source in JTA transactions; the adapter is deployed by the post-boot
 * commands in {@code adapter/post-boot-commands.asadmin}. In the sub-packages, Payara Micro as a process of the
 * test's own: {@code running} (the README's command, the quick start, a redeploy) and {@code recovery} (a crash
 * between the two phases of a transaction).
 */
package io.capsulemq.it.adapter;
