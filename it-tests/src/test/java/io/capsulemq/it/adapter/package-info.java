/**
 * The resource adapter in a real, managed Payara Micro: applications deployed by Arquillian inject producers
 * with {@code @Resource}, consume with message-driven beans, and mix both with an H2 XA data source in JTA
 * transactions. The adapter is deployed by the post-boot commands in {@code adapter/post-boot-commands.asadmin}.
 */
package io.capsulemq.it.adapter;
