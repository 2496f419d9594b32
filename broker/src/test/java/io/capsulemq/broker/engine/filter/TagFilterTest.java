package io.capsulemq.broker.engine.filter;

import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static io.capsulemq.broker.engine.filter.TestMessages.tagged;
import static org.junit.jupiter.api.Assertions.*;

class TagFilterTest {

    private static CompiledFilter tags(String expression) {
        return Filters.compile(FilterType.TAG, expression);
    }

    /** Both stages, as a read applies them: the consume queue's code, then the message. */
    private static boolean passes(CompiledFilter filter, StoredMessage message) {
        return filter.matchesTagsCode(MessageProperties.tagsCode(message.tags())) && filter.matches(message);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "*", " * ", "   "})
    void shouldMatchEverythingIncludingUntaggedForStarNullOrEmpty(String expression) {
        CompiledFilter filter = tags(expression);
        assertTrue(((TagFilter) filter).matchesAll());
        assertTrue(passes(filter, tagged("TagA")));
        assertTrue(passes(filter, tagged(null)));
        assertTrue(filter.matchesTagsCode(12345));
    }

    @Test
    void shouldSayStarBackWhenGivenNoExpression() {
        assertEquals("*", tags(null).expression());
        assertEquals("*", tags("").expression());
    }

    @Test
    void shouldSplitOnDoubleBarAndTrimEachTag() {
        TagFilter filter = (TagFilter) tags("  TagA ||TagB||   Tag C  ");
        assertEquals(Set.of("TagA", "TagB", "Tag C"), filter.tags());
        assertTrue(passes(filter, tagged("TagA")));
        assertTrue(passes(filter, tagged("TagB")));
        assertTrue(passes(filter, tagged("Tag C")));
        assertFalse(passes(filter, tagged("TagD")));
    }

    @Test
    void shouldMatchTagsExactlyAndCaseSensitively() {
        CompiledFilter filter = tags("TagA");
        assertFalse(passes(filter, tagged("taga")));
        assertFalse(passes(filter, tagged("TagA ")));
        assertFalse(passes(filter, tagged("TagAB")));
        assertTrue(passes(filter, tagged("TagA")));
    }

    @Test
    void shouldDropEmptyPartsAsRocketMqDoes() {
        TagFilter filter = (TagFilter) tags("TagA || || TagB ||");
        assertEquals(Set.of("TagA", "TagB"), filter.tags());
    }

    @Test
    void shouldTreatStarInsideAListAsTheLiteralTag() {
        CompiledFilter filter = tags("TagA || *");
        assertTrue(passes(filter, tagged("*")));
        assertFalse(passes(filter, tagged("TagB")));
    }

    @Test
    void shouldNotMatchUntaggedMessagesUnlessSubscribedToAll() {
        CompiledFilter filter = tags("TagA");
        assertFalse(filter.matches(tagged(null)));
        assertFalse(filter.matches(tagged("")));
        assertFalse(filter.matchesTagsCode(MessageProperties.tagsCode(null)));
    }

    @Test
    void shouldPassCollidingHashCodesAtTheQueueButRejectThemExactly() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        CompiledFilter filter = tags("Aa");
        assertTrue(filter.matchesTagsCode(MessageProperties.tagsCode("BB")), "the cheap stage sees only the hash");
        assertFalse(filter.matches(tagged("BB")));
        assertTrue(filter.matches(tagged("Aa")));
    }

    @Test
    void shouldRejectCodesOfTagsNotSubscribed() {
        CompiledFilter filter = tags("TagA || TagB");
        assertTrue(filter.matchesTagsCode(MessageProperties.tagsCode("TagA")));
        assertTrue(filter.matchesTagsCode(MessageProperties.tagsCode("TagB")));
        assertFalse(filter.matchesTagsCode(MessageProperties.tagsCode("TagC")));
    }

    @Test
    void shouldMatchNegativeHashCodesAsTheConsumeQueueStoresThem() {
        String tag = "negative-hash-tag";
        assertTrue(tag.hashCode() < 0, "precondition: a tag with a negative hash code");
        assertTrue(tags(tag).matchesTagsCode(MessageProperties.tagsCode(tag)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"||", " || || ", "||||"})
    void shouldRejectAnExpressionWithoutAnyTag(String expression) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> tags(expression));
        assertEquals(FilterType.TAG, e.type());
        assertEquals(1, e.position());
        assertEquals("TAG filter \"" + expression + "\" : expected a tag at position 1", e.getMessage());
    }
}
