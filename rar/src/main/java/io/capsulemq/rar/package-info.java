/** The JCA 2.1 resource adapter. Filled by the resource-adapter issue. */
package io.capsulemq.rar;
